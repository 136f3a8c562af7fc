import type { z } from 'zod';
import { aliyunContract } from './aliyun/index.ts';
import type { ContractCase, ProviderContract } from './contract.ts';
import { hpcContract } from './hpc/index.ts';
import { huaweiContract } from './huawei/index.ts';
import { tencentContract } from './tencent/index.ts';

/**
 * The registry: every provider's contract, in the order documents and reports list them. A new provider is one
 * line here; the provider names, the scenario schema and every shared table derive from this list.
 */
export const PROVIDER_CONTRACTS = [huaweiContract, aliyunContract, hpcContract, tencentContract] as const;

/** Any registered provider's contract, each with its exact type. */
export type AnyProviderContract = (typeof PROVIDER_CONTRACTS)[number];
export type ProviderName = AnyProviderContract['name'];
/** The contract of one provider, by name. */
export type ContractOf<Name extends ProviderName> = Extract<AnyProviderContract, { name: Name }>;

/** What `verify` may use against a provider: its contract's `kit.account`, as parsed. */
export type AccountOf<Name extends ProviderName> = z.output<ContractOf<Name>['kit']['account']>;
/** A contract case of a provider, its request in the provider's own form. */
export type CaseOf<Name extends ProviderName> = ContractCase<
  Name,
  ContractOf<Name>['kit']['cases'][number]['request']
>;

/** Every provider, in the order documents and reports list them. */
export const PROVIDER_NAMES = PROVIDER_CONTRACTS.map((contract) => contract.name) as [
  ProviderName,
  ...ProviderName[],
];

/** Each provider's contract by name. */
export const providerContracts = Object.fromEntries(
  PROVIDER_CONTRACTS.map((contract) => [contract.name, contract]),
) as { readonly [Name in ProviderName]: ContractOf<Name> };

/** A provider's contract as the shared layers read it (any provider, no exact types). */
export function contractOf(name: ProviderName): ProviderContract<ProviderName> {
  return providerContracts[name] as ProviderContract<ProviderName>;
}
