import { type AnyProviderContract, PROVIDER_CONTRACTS, PROVIDER_NAMES } from '../contracts/providers.ts';
import { EMULATOR_URL_VARIABLE, type Env } from './provider.ts';
import { clientOf, type OptionsOf } from './providers.ts';

/**
 * The environment variables that point a consumer at an emulator (`console-emulator check` sets them all):
 * `url`, and each provider's own (its contract's `kit.env`). Where an official SDK or CLI reads a variable of
 * its own, a contract uses that name; endpoints, which no SDK reads from the environment, have names of ours
 * that a consumer passes on as the SDK's endpoint.
 */
export const ENV = {
  /** The emulator's base URL, e.g. `http://127.0.0.1:40123`. */
  url: EMULATOR_URL_VARIABLE,
  ...(Object.fromEntries(PROVIDER_CONTRACTS.map((contract) => [contract.name, contract.kit.env])) as {
    readonly [C in AnyProviderContract as C['name']]: C['kit']['env'];
  }),
} as const;

/** Client options from the environment `check` sets (or the same variables set by hand). */
export function clientOptionsFromEnv(env: Env = process.env): {
  [Name in (typeof PROVIDER_NAMES)[number]]: OptionsOf<Name>;
} {
  return Object.fromEntries(PROVIDER_NAMES.map((name) => [name, clientOf(name).optionsFromEnv(env)])) as {
    [Name in (typeof PROVIDER_NAMES)[number]]: OptionsOf<Name>;
  };
}
