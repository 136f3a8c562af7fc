import { formatMessage } from '../../../contracts/catalogue.ts';
import { hpcErrorBody } from '../../../contracts/hpc/wire.ts';
import type { ProviderError } from '../../errors.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';

export const JSON_UTF8 = 'application/json;charset=UTF-8';

export interface RenderContext {
  /** Emulator-clock time, for the Spring error body's `timestamp`. */
  now: number;
  path: string;
}

/** The platform's envelope; `data` is whatever the operation answers. */
export function envelopeResponse(code: string, msg: string, data: unknown): Answer {
  return answer(JSON.stringify({ code, msg, data }), 200, { 'Content-Type': JSON_UTF8 });
}

/**
 * The success envelope around `data` already written as JSON, the same bytes as `envelopeResponse('0',
 * 'success', data)`: the launch URL, the one answer asked for under load, writes its two fields itself at half
 * the cost of serialising the objects.
 */
export function successJson(data: string): Answer {
  return { status: 200, headers: ENVELOPE_HEADERS, body: `{"code":"0","msg":"success","data":${data}}` };
}

/** The envelope's headers, shared by every answer that has no others (an answer's headers are never changed). */
const ENVELOPE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'Content-Type': JSON_UTF8 });

/** The single renderer of SCNet / Sugon errors: one wire shape per catalogue `shape` (see contracts/hpc/errors.ts). */
export function renderHpcError(error: ProviderError, ctx: RenderContext): Answer {
  const { entry } = error;
  const message = formatMessage(entry.message, error.params);
  const body = JSON.stringify(hpcErrorBody(entry, message, ctx.now, ctx.path));
  // The envelope's errors are HTTP 200 (the platform's own content type); Spring's are real statuses.
  const spring = entry.shape === 'spring';
  const status = spring ? entry.status : 200;
  const headers = { 'Content-Type': spring ? 'application/json' : JSON_UTF8 };
  const extra = Object.entries(error.headers);
  if (extra.length === 0) return answer(body, status, headers);
  // With headers of its own (an `Allow`) the answer's headers are a `Headers`, listed as it lists them.
  const all = new Headers(headers);
  for (const [k, v] of extra) all.set(k, v);
  return answer(body, status, all);
}
