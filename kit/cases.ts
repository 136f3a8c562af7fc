import type { ContractCase } from '../contracts/contract.ts';
import { type CaseOf, PROVIDER_CONTRACTS, type ProviderName } from '../contracts/providers.ts';

export type { ContractCase };

/**
 * Every provider's contract cases (`contracts/<provider>/cases.ts`), as data: a request, and the answer the
 * contract promises. The same lists test the emulator (`test/kit/`) and verify any provider (`console-emulator
 * verify`).
 */
export const contractCases = Object.fromEntries(
  PROVIDER_CONTRACTS.map((contract) => [contract.name, contract.kit.cases]),
) as { readonly [Name in ProviderName]: readonly CaseOf<Name>[] };
