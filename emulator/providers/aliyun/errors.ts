import { formatMessage } from '../../../contracts/catalogue.ts';
import type { ProviderError } from '../../errors.ts';
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

/**
 * The single renderer of Alibaba errors: `RequestId`, `HostId`, `Code`, `Message` and `Recommend` as JSON
 * or as an XML `<Error>` document (docs/providers/aliyun.md §2.1). The code is a template too, for `Missing{Param}`.
 */
export function renderAliyunError(
  error: ProviderError,
  ctx: RenderContext,
): { response: Response; code: string } {
  const { entry } = error;
  const code = formatMessage(entry.code, error.params);
  const body = {
    RequestId: ctx.requestId,
    HostId: ctx.hostId,
    Code: code,
    Message: formatMessage(entry.message, error.params),
    // The 2023–2026 form of the diagnosis link (docs/providers/aliyun.md §2.1).
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs&requestId=${ctx.requestId}`,
  };
  const { text, contentType } = serialize(ctx.format, 'Error', body, RECOMMEND_FIELD);
  const headers = new Headers(ctx.headers);
  headers.set('Content-Type', contentType);
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  return { response: new Response(text, { status: entry.status, headers }), code };
}
