import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  type AccountOf,
  type AnyProviderContract,
  PROVIDER_CONTRACTS,
  type ProviderName,
} from '../contracts/providers.ts';

/**
 * What `verify` may use against each provider (its contract's `kit.account`): credentials, and the resources
 * that provoke each documented answer. A case whose resource is not given is skipped, so a real account can be
 * verified with what it has. Without `--credentials` the demo scenario's (README and docs/providers/*.md) are used.
 */
export const credentialsFile = z.object(
  Object.fromEntries(
    PROVIDER_CONTRACTS.map((contract) => [contract.name, contract.kit.account.optional()]),
  ) as {
    [C in AnyProviderContract as C['name']]: z.ZodOptional<C['kit']['account']>;
  },
);
export type Credentials = { [Name in ProviderName]: AccountOf<Name> };

/** The demo scenario's credentials and resources (public names, see README.md and docs/providers/). */
export const demoCredentials = Object.fromEntries(
  PROVIDER_CONTRACTS.map((contract) => [contract.name, contract.kit.demoAccount]),
) as Credentials;

export class CredentialsError extends Error {}

/** Reads a credentials file (JSON or YAML); the provider's section is required there. */
export async function loadCredentials(
  file: string,
  provider: ProviderName,
): Promise<Credentials[ProviderName]> {
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new CredentialsError(`${file}: ${(error as Error).message}`);
  }
  const parsed = credentialsFile.safeParse(data);
  if (!parsed.success) {
    throw new CredentialsError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  }
  const section = parsed.data[provider];
  if (!section) throw new CredentialsError(`${file}: no "${provider}" section`);
  return section;
}
