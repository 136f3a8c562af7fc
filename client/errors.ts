import type { ProviderName } from '../contracts/catalogue.ts';

/** The one error every typed client throws: which provider, what status, which provider code and message. */
export class ProviderApiError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly body: unknown,
  ) {
    super(`${provider} ${status} ${code}: ${message}`);
    this.name = 'ProviderApiError';
  }
}
