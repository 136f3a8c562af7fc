import { formatMessage } from '../../../contracts/catalogue.ts';
import { hpcErrorBody } from '../../../contracts/hpc/wire.ts';
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

/** The single renderer of SCNet / Sugon errors: one wire shape per catalogue `shape` (see contracts/hpc/errors.ts). */
export function renderHpcError(error: ProviderError, ctx: RenderContext): Response {
  const { entry } = error;
  const message = formatMessage(entry.message, error.params);
  const body = JSON.stringify(hpcErrorBody(entry, message, ctx.now, ctx.path));
  // The envelope's errors are HTTP 200 (the platform's own content type); Spring's are real statuses.
  const response =
    entry.shape === 'spring'
      ? new Response(body, { status: entry.status, headers: { 'Content-Type': 'application/json' } })
      : new Response(body, { status: 200, headers: { 'Content-Type': JSON_UTF8 } });
  for (const [k, v] of Object.entries(error.headers)) response.headers.set(k, v);
  return response;
}
