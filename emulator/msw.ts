import { http, type RequestHandler } from 'msw';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.ts';

/** The providers' real API hosts, as their SDKs and docs name them. */
export const PROVIDER_HOSTS: readonly RegExp[] = [
  // Huawei Cloud: ecs.<region>.myhuaweicloud.com, iam.<region>.myhuaweicloud.com, iam.myhuaweicloud.com
  /^(ecs|iam)\.[a-z0-9-]+\.myhuaweicloud\.com$/,
  /^iam\.myhuaweicloud\.com$/,
  // Alibaba Cloud: ecs.aliyuncs.com, ecs.<region>.aliyuncs.com, ecs-<region>.aliyuncs.com
  /^ecs(\.[a-z0-9-]+|-[a-z0-9-]+)?\.aliyuncs\.com$/,
  // SCNet / Sugon AC (reference hpc.md §1): scnet.cn and its gateways, hpccube.com, the demo and AC hosts
  /^([a-z0-9-]+\.)*scnet\.cn$/,
  /^([a-z0-9-]+\.)*hpccube\.com$/,
  /^scnet-demo\.accloud\.cn$/,
  /^ac\.sugon\.com$/,
];

/** Where the control API (and every provider) answers in-process when no real host is wanted. */
export const CONTROL_HOST = 'console-emulator.test';

export interface MswOptions extends EmulatorOptions {
  /** An emulator to serve; a new one (with these options) otherwise. */
  emulator?: Emulator;
  /** More hosts to intercept, e.g. a private HPC gateway. */
  hosts?: ReadonlyArray<string | RegExp>;
}

/**
 * MSW request handlers that answer the providers' real hosts with the very same emulator app, in-process
 * and without a port: `setupServer(...handlers)` and the official SDKs work unchanged. The control API is
 * at `http://console-emulator.test/__emulator/…` (and on every intercepted host).
 */
export function createMswHandlers(options: MswOptions = {}): {
  handlers: RequestHandler[];
  emulator: Emulator;
} {
  const emulator = options.emulator ?? createEmulator(options);
  const hosts = [
    ...PROVIDER_HOSTS,
    new RegExp(`^${CONTROL_HOST.replace(/\./g, '\\.')}$`),
    ...(options.hosts ?? []).map((h) =>
      typeof h === 'string' ? new RegExp(`^${h.replace(/\./g, '\\.')}$`) : h,
    ),
  ];
  const handler = http.all(
    ({ request }) => hosts.some((pattern) => pattern.test(new URL(request.url).hostname)),
    ({ request }) => emulator.fetch(request),
  );
  return { handlers: [handler], emulator };
}
