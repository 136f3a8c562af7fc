import type { AliyunClientOptions } from './aliyun.ts';
import type { HpcClientOptions } from './hpc.ts';
import type { HuaweiClientOptions } from './huawei.ts';

/**
 * The environment variables that point a consumer at an emulator (`console-emulator check` sets them all).
 * Where an official SDK or CLI reads a variable of its own, that name is used: the OpenStack CLI's `OS_*`,
 * Huawei's `HUAWEICLOUD_SDK_*` credentials, Alibaba's `ALIBABA_CLOUD_ACCESS_KEY_*`; the endpoints, which no
 * SDK reads from the environment, have names of ours that a consumer passes on as the SDK's endpoint.
 */
export const ENV = {
  /** The emulator's base URL, e.g. `http://127.0.0.1:40123`. */
  url: 'CONSOLE_EMULATOR_URL',
  huawei: {
    endpoint: 'HUAWEICLOUD_ENDPOINT',
    ak: 'HUAWEICLOUD_SDK_AK',
    sk: 'HUAWEICLOUD_SDK_SK',
    projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  },
  aliyun: {
    /** `host:port` without a scheme, as `@alicloud/openapi-core`'s `endpoint` wants it. */
    endpoint: 'ALIBABA_CLOUD_ECS_ENDPOINT',
    accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    regionId: 'ALIBABA_CLOUD_REGION_ID',
  },
  hpc: {
    baseUrl: 'SCNET_BASE_URL',
    user: 'SCNET_USER',
    password: 'SCNET_PASSWORD',
    orgId: 'SCNET_ORG_ID',
    accessKey: 'SCNET_ACCESS_KEY',
    secretKey: 'SCNET_SECRET_KEY',
  },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function need(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Client options from the environment `check` sets (or the same variables set by hand). */
export function clientOptionsFromEnv(env: Env = process.env): {
  huawei: HuaweiClientOptions;
  aliyun: AliyunClientOptions;
  hpc: HpcClientOptions;
} {
  const url = env[ENV.url];
  return {
    huawei: {
      baseUrl: env[ENV.huawei.endpoint] ?? need(env, ENV.url),
      auth: {
        kind: 'aksk',
        accessKeyId: need(env, ENV.huawei.ak),
        secretAccessKey: need(env, ENV.huawei.sk),
        projectId: need(env, ENV.huawei.projectId),
      },
    },
    aliyun: {
      baseUrl: url ?? `http://${need(env, ENV.aliyun.endpoint)}`,
      accessKeyId: need(env, ENV.aliyun.accessKeyId),
      accessKeySecret: need(env, ENV.aliyun.accessKeySecret),
    },
    hpc: {
      baseUrl: env[ENV.hpc.baseUrl] ?? need(env, ENV.url),
      auth: env[ENV.hpc.accessKey]
        ? {
            kind: 'aksk',
            user: need(env, ENV.hpc.user),
            accessKey: need(env, ENV.hpc.accessKey),
            secretKey: need(env, ENV.hpc.secretKey),
          }
        : {
            kind: 'password',
            user: need(env, ENV.hpc.user),
            password: need(env, ENV.hpc.password),
            orgId: need(env, ENV.hpc.orgId),
          },
    },
  };
}
