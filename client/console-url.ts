import type { ProviderName } from '../contracts/providers.ts';
import { type ConsoleRequestOf, clientOf } from './providers.ts';

/** What `getConsoleUrl` takes: the provider, and what its client needs to find the console. */
export type ConsoleUrlRequest = {
  [Name in ProviderName]: { provider: Name } & ConsoleRequestOf<Name>;
}[ProviderName];

/**
 * The URL a browser opens to see a machine's console, whichever provider: each provider's client knows its
 * own (`consoleUrl` in `client/<provider>.ts`).
 */
export function getConsoleUrl(request: ConsoleUrlRequest): Promise<string> {
  return clientOf(request.provider).consoleUrl(request);
}
