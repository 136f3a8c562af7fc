import { type CatalogueEntry, formatMessage, type MessageParams } from '../contracts/catalogue.ts';

/**
 * The one way a route fails: throw a catalogue entry with its parameters. The provider's renderer writes the
 * wire shape; no route writes an error body by hand.
 */
export class ProviderError extends Error {
  constructor(
    readonly entry: CatalogueEntry,
    readonly params: MessageParams = {},
    /** Extra response headers (e.g. `Retry-After`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(formatMessage(entry.message, params));
    this.name = `ProviderError(${entry.provider}:${entry.key})`;
  }

  get status(): number {
    return this.entry.status;
  }
}
