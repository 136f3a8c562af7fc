import type { Driver } from '../client/provider.ts';
import { clientOf } from '../client/providers.ts';
import type { ProviderName } from '../contracts/providers.ts';
import type { Credentials } from './credentials.ts';

export { Skip } from '../client/provider.ts';

/** How `verify` sends a provider's cases to `baseUrl`: its client's driver (`client/<provider>.ts`). */
export function createDriver<P extends ProviderName>(
  provider: P,
  baseUrl: string,
  creds: Credentials[P],
): Driver<P> {
  return clientOf(provider).driver(baseUrl.replace(/\/+$/, ''), creds);
}
