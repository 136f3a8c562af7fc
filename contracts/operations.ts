import {
  aliyunBlame,
  aliyunCommonParameters,
  aliyunErrorBodies,
  aliyunOperations,
  aliyunUnmatchedErrors,
} from './aliyun/operations.ts';
import type { CatalogueEntry, ProviderName } from './catalogue.ts';
import { hpcBlame, hpcErrorBodies, hpcOperations, hpcUnmatchedErrors } from './hpc/operations.ts';
import {
  huaweiBlame,
  huaweiErrorBodies,
  huaweiOperations,
  huaweiUnmatchedErrors,
} from './huawei/operations.ts';
import type { Blame, NamedSchema, OperationContract } from './operation.ts';

export type { Blame, NamedSchema, OperationContract, Parameter, ViolationKind } from './operation.ts';
export { aliyunCommonParameters };

/** The name of any provider's operation. */
export type OperationName =
  | keyof typeof huaweiOperations
  | keyof typeof aliyunOperations
  | keyof typeof hpcOperations;

/** Every provider's operation table, in its own order (the order of the OpenAPI documents). */
export const operations: Record<ProviderName, readonly NamedOperation[]> = {
  huawei: Object.values(huaweiOperations),
  aliyun: Object.values(aliyunOperations),
  hpc: Object.values(hpcOperations),
};

/** An operation of any provider's table. */
export type NamedOperation = OperationContract & { name: OperationName };

export const allOperations: readonly NamedOperation[] = Object.values(operations).flat();

/** The operation of an id such as `aliyun.DescribeInstanceVncUrl`; throws with the known ids otherwise. */
export function operation(id: string): NamedOperation {
  const found = allOperations.find((op) => op.id === id);
  if (!found) {
    throw new Error(`no operation "${id}"; known: ${allOperations.map((op) => op.id).join(', ')}`);
  }
  return found;
}

/** How the error body of each catalogue `shape` is checked. */
export const errorBodySchemas: Record<ProviderName, Record<string, NamedSchema>> = {
  huawei: huaweiErrorBodies,
  aliyun: aliyunErrorBodies,
  hpc: hpcErrorBodies,
};

/** Errors of no operation: what an unknown path answers. */
export const unmatchedErrors: Record<ProviderName, CatalogueEntry[]> = {
  huawei: huaweiUnmatchedErrors,
  aliyun: aliyunUnmatchedErrors,
  hpc: hpcUnmatchedErrors,
};

/** Each provider's operations by name, as the journal names them. */
export const operationsByName: Record<ProviderName, Readonly<Record<string, OperationContract>>> = {
  huawei: huaweiOperations,
  aliyun: aliyunOperations,
  hpc: hpcOperations,
};

/** Which catalogue errors are the consumer's fault, per provider. */
export const blames: Record<ProviderName, Readonly<Record<string, Blame>>> = {
  huawei: huaweiBlame,
  aliyun: aliyunBlame,
  hpc: hpcBlame,
};
