import { aliyunErrorFields } from '../../../contracts/aliyun/wire.ts';
import type { ProviderError } from '../../errors.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';
import { type BodyFormat, serialize } from './format.ts';

export interface RenderContext {
  requestId: string;
  /** The endpoint host the client called (`HostId`). */
  hostId: string;
  format: BodyFormat;
  /** Headers every answer carries (request id, CORS). */
  headers: Record<string, string>;
}

const RECOMMEND_FIELD = new Set(['Recommend']);

/** The single renderer of Alibaba errors: the contract's fields as JSON or as an XML `<Error>` document. */
export function renderAliyunError(
  error: ProviderError,
  ctx: RenderContext,
): { response: Answer; code: string } {
  const { entry } = error;
  const body = aliyunErrorFields(entry, error.params, ctx.requestId, ctx.hostId);
  const { text, contentType } = serialize(ctx.format, 'Error', body, RECOMMEND_FIELD);
  const headers = new Headers(ctx.headers);
  headers.set('Content-Type', contentType);
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  return { response: answer(text, entry.status, headers), code: body.Code };
}
