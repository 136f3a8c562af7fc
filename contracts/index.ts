export * from './catalogue.ts';
export { huaweiErrors } from './huawei/errors.ts';
export * as huawei from './huawei/schemas.ts';
export * as huaweiSigner from './huawei/signer.ts';
export { type Scenario, type ScenarioInput, scenario } from './scenario.ts';
