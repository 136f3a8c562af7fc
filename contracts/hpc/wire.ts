import { type CatalogueEntry, formatMessage, type MessageParams } from '../catalogue.ts';
import type { ErrorReading, ExampleContext } from '../contract.ts';
import { errorEnvelope, springErrorBody } from './schemas.ts';

/** Spring Boot's default error attributes: `2023-06-07T07:35:46.568+00:00`, not the `Z` form. */
const springTimestamp = (epochMs: number) => new Date(epochMs).toISOString().replace('Z', '+00:00');

/**
 * The body of a catalogue error in each shape (contracts/hpc/errors.ts): the platform's envelope, with `data`
 * null or empty text, or Spring Boot's error attributes with the time and path of the request.
 */
export function hpcErrorBody(entry: CatalogueEntry, message: string, now: number, path: string): object {
  switch (entry.shape) {
    case 'envelope':
      return { code: entry.code, msg: message, data: null };
    case 'envelopeText':
      return { code: entry.code, msg: message, data: '' };
    case 'spring':
      return { timestamp: springTimestamp(now), status: entry.status, error: message, path };
    default:
      throw new Error(`unknown HPC error shape ${entry.shape}`);
  }
}

export function hpcErrorExample(entry: CatalogueEntry, params: MessageParams, at: ExampleContext): unknown {
  return hpcErrorBody(entry, formatMessage(entry.message, params), at.now, at.path);
}

/** Business errors are HTTP 200 with a code other than `"0"`, so the body decides, not the status. */
export function readHpcError(
  status: number,
  _headers: Headers,
  body: unknown,
  text: string,
): ErrorReading | undefined {
  const envelope = errorEnvelope.safeParse(body);
  if (envelope.success)
    return envelope.data.code === '0' ? undefined : { code: envelope.data.code, message: envelope.data.msg };
  if (status < 400) return undefined;
  const spring = springErrorBody.safeParse(body);
  if (spring.success) return { code: spring.data.error, message: spring.data.error };
  return { code: String(status), message: text };
}
