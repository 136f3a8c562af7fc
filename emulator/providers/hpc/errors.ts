import { formatMessage } from '../../../contracts/catalogue.ts';
import type { ProviderError } from '../../errors.ts';

export const JSON_UTF8 = 'application/json;charset=UTF-8';

export interface RenderContext {
  /** Emulator-clock time, for the Spring error body's `timestamp`. */
  now: number;
  path: string;
}

/** The platform's envelope; `data` is whatever the operation answers. */
export function envelopeResponse(code: string, msg: string, data: unknown): Response {
  return new Response(JSON.stringify({ code, msg, data }), {
    status: 200,
    headers: { 'Content-Type': JSON_UTF8 },
  });
}

/** Spring Boot's default error attributes: `2023-06-07T07:35:46.568+00:00`, not the `Z` form. */
const springTimestamp = (epochMs: number) => new Date(epochMs).toISOString().replace('Z', '+00:00');

/** The single renderer of SCNet / Sugon errors: one wire shape per catalogue `shape` (see contracts/hpc/errors.ts). */
export function renderHpcError(error: ProviderError, ctx: RenderContext): Response {
  const { entry } = error;
  const message = formatMessage(entry.message, error.params);
  let response: Response;
  switch (entry.shape) {
    case 'envelope':
      response = envelopeResponse(entry.code, message, null);
      break;
    case 'envelopeText':
      response = envelopeResponse(entry.code, message, '');
      break;
    case 'spring':
      response = new Response(
        JSON.stringify({
          timestamp: springTimestamp(ctx.now),
          status: entry.status,
          error: message,
          path: ctx.path,
        }),
        { status: entry.status, headers: { 'Content-Type': 'application/json' } },
      );
      break;
    default:
      throw new Error(`unknown HPC error shape ${entry.shape}`);
  }
  for (const [k, v] of Object.entries(error.headers)) response.headers.set(k, v);
  return response;
}
