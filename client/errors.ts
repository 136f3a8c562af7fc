import { contractOf, type ProviderName } from '../contracts/providers.ts';
import { parseXml } from './xml.ts';

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

  /** The provider's message, without the `provider status code:` prefix. */
  get providerMessage(): string {
    return this.message.slice(`${this.provider} ${this.status} ${this.code}: `.length);
  }
}

/** What an answer's body says about an error, in the provider's own terms; `undefined` for a success. */
export interface ProviderErrorInfo {
  code: string;
  message: string;
  requestId: string | undefined;
  body: unknown;
}

function parseBody(text: string, contentType: string): unknown {
  if (contentType.includes('xml') || text.startsWith('<?xml')) {
    try {
      return parseXml(text);
    } catch {
      return text;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    // not JSON (webob's plain text or HTML): keep the text
    return text;
  }
}

/**
 * Reads whichever of the provider's error shapes came back, as its contract's `answers.readError` tells them
 * apart; the status alone does not decide (a business error may be HTTP 200).
 */
export function readProviderError(
  provider: ProviderName,
  status: number,
  headers: Headers,
  text: string,
): ProviderErrorInfo | undefined {
  const body = parseBody(text, headers.get('content-type') ?? '');
  const reading = contractOf(provider).answers.readError(status, headers, body, text);
  return (
    reading && {
      code: reading.code,
      message: reading.message,
      requestId: reading.requestId ?? undefined,
      body,
    }
  );
}

/** Reads an answer that is an error into a `ProviderApiError`; `undefined` when it is a success. */
export async function toProviderApiError(
  provider: ProviderName,
  response: Response,
): Promise<{ error: ProviderApiError | undefined; body: unknown }> {
  const text = await response.text();
  const info = readProviderError(provider, response.status, response.headers, text);
  if (!info) return { error: undefined, body: parseBody(text, response.headers.get('content-type') ?? '') };
  return {
    error: new ProviderApiError(
      provider,
      response.status,
      info.code,
      info.message,
      info.requestId,
      info.body,
    ),
    body: info.body,
  };
}
