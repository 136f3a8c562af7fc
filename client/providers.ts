import type { ProviderName } from '../contracts/providers.ts';
import { aliyunClient } from './aliyun.ts';
import { hpcClient } from './hpc.ts';
import { huaweiClient } from './huawei.ts';
import type { ProviderClient } from './provider.ts';
import { tencentClient } from './tencent.ts';

/**
 * The client layer's registry: each provider's `ProviderClient`, one line each. Every provider of
 * `contracts/providers.ts` must have one (the type says so): `verify` sends its cases through it.
 */
export const PROVIDER_CLIENTS = {
  huawei: huaweiClient,
  aliyun: aliyunClient,
  hpc: hpcClient,
  tencent: tencentClient,
} satisfies { [Name in ProviderName]: ProviderClient<Name, unknown, never> };

type Clients = typeof PROVIDER_CLIENTS;
/** A provider's typed client options, as `clientOptionsFromEnv` gives them. */
export type OptionsOf<Name extends ProviderName> = ReturnType<Clients[Name]['optionsFromEnv']>;
/** What `getConsoleUrl` takes for a provider. */
export type ConsoleRequestOf<Name extends ProviderName> = Parameters<Clients[Name]['consoleUrl']>[0];

/** A provider's client binding, as the shared code reads it (any provider, no exact types). */
export function clientOf<Name extends ProviderName>(
  name: Name,
): ProviderClient<Name, OptionsOf<Name>, ConsoleRequestOf<Name>> {
  return PROVIDER_CLIENTS[name] as unknown as ProviderClient<Name, OptionsOf<Name>, ConsoleRequestOf<Name>>;
}
