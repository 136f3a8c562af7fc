import type { Answer } from '../contracts/contract.ts';
import type { AccountOf, CaseOf, ProviderName } from '../contracts/providers.ts';

/** Sends a provider's contract cases, each as its request describes it. */
export interface Driver<Name extends ProviderName = ProviderName> {
  send(c: CaseOf<Name>): Promise<Answer>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * What the client layer knows of one provider beyond its contract, registered in `client/providers.ts`: how
 * `verify` sends its cases, its typed client's options from the environment `check` sets, and the console URL
 * of `getConsoleUrl`.
 */
export interface ProviderClient<Name extends ProviderName, Options, ConsoleRequest> {
  driver(baseUrl: string, account: AccountOf<Name>): Driver<Name>;
  optionsFromEnv(env: Env): Options;
  consoleUrl(request: ConsoleRequest): Promise<string>;
}

/** A case that needs a credential or resource the account does not name. */
export class Skip extends Error {}

/** Replaces each `{dotted.name}` in strings (deeply) with the account's value; `Skip` when there is none. */
export function fillCase<T>(value: T, source: object, keep: ReadonlySet<string> = new Set()): T {
  if (typeof value === 'string') {
    return value.replace(/\{([A-Za-z.]+)\}/g, (whole, name: string) => {
      if (keep.has(name)) return whole;
      const found = name
        .split('.')
        .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], source);
      if (typeof found !== 'string') throw new Skip(`needs ${name}`);
      return found;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillCase(v, source, keep)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillCase(v, source, keep)])) as T;
  }
  return value;
}

export async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The variable `name` of `env`, which must be set. */
export function need(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The emulator's base URL, e.g. `http://127.0.0.1:40123` (`ENV.url`). */
export const EMULATOR_URL_VARIABLE = 'CONSOLE_EMULATOR_URL';
