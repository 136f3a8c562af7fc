import type { CatalogueEntry } from './catalogue.ts';
import type { Blame, OperationContract } from './operation.ts';
import { type AnyProviderContract, PROVIDER_CONTRACTS, type ProviderName } from './providers.ts';

export type { Blame, NamedSchema, OperationContract, Parameter, ViolationKind } from './operation.ts';

/** The name of any provider's operation. */
export type OperationName = AnyProviderContract extends infer C
  ? C extends { operations: infer O }
    ? keyof O & string
    : never
  : never;

/** An operation of any provider's table. */
export type NamedOperation = OperationContract<ProviderName> & { name: OperationName };

/** A table per provider, from each contract. */
const byProvider = <T>(pick: (contract: AnyProviderContract) => T): Record<ProviderName, T> =>
  Object.fromEntries(PROVIDER_CONTRACTS.map((contract) => [contract.name, pick(contract)])) as Record<
    ProviderName,
    T
  >;

/** Every provider's operation table, in its own order (the order of the OpenAPI documents). */
export const operations: Record<ProviderName, readonly NamedOperation[]> = byProvider(
  (contract) => Object.values(contract.operations) as NamedOperation[],
);

export const allOperations: readonly NamedOperation[] = Object.values(operations).flat();

/** The operation of an id `<provider>.<operation>`; throws with the known ids otherwise. */
export function operation(id: string): NamedOperation {
  const found = allOperations.find((op) => op.id === id);
  if (!found) {
    throw new Error(`no operation "${id}"; known: ${allOperations.map((op) => op.id).join(', ')}`);
  }
  return found;
}

/** Errors of no operation: what an unknown path answers. */
export const unmatchedErrors: Record<ProviderName, readonly CatalogueEntry[]> = byProvider(
  (contract) => contract.unmatchedErrors,
);

/** Each provider's operations by name, as the journal names them. */
export const operationsByName: Record<ProviderName, Readonly<Record<string, OperationContract>>> = byProvider(
  (contract) => contract.operations,
);

/** Which catalogue errors are the consumer's fault, per provider. */
export const blames: Record<ProviderName, Readonly<Record<string, Blame>>> = byProvider(
  (contract) => contract.blame,
);
