export * from './catalogue.ts';
export type { ProviderContract } from './contract.ts';
export { huaweiErrors } from './huawei/errors.ts';
export * as huawei from './huawei/schemas.ts';
export * as huaweiSigner from './huawei/signer.ts';
export { PROVIDER_CONTRACTS, PROVIDER_NAMES } from './providers.ts';
export { type Scenario, type ScenarioInput, scenario } from './scenario.ts';
