export {
  ALIYUN_CONSOLE_PAGE,
  AliyunClient,
  type AliyunClientOptions,
  aliyunConsolePageUrl,
} from './aliyun.ts';
export { type ConsoleUrlRequest, getConsoleUrl } from './console-url.ts';
export { clientOptionsFromEnv, ENV } from './env.ts';
export { ProviderApiError, type ProviderErrorInfo, readProviderError } from './errors.ts';
export { type Center, type HpcAuth, HpcClient, type HpcClientOptions, type RegionToken } from './hpc.ts';
export { type HuaweiAuth, HuaweiClient, type HuaweiClientOptions } from './huawei.ts';
export {
  TENCENT_CONSOLE_PAGE,
  TencentClient,
  type TencentClientOptions,
  type TencentParams,
  tencentConsolePageUrl,
} from './tencent.ts';
