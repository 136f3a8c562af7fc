export { ProviderApiError } from './errors.ts';
export { type HuaweiAuth, HuaweiClient, type HuaweiClientOptions } from './huawei.ts';
