import { type CatalogueEntry, formatMessage, type MessageParams } from '../catalogue.ts';
import type { ErrorReading, ExampleContext } from '../contract.ts';
import { aliyunErrorBody } from './schemas.ts';

/**
 * The one error body: `RequestId`, `HostId`, `Code`, `Message` and `Recommend` (docs/providers/aliyun.md §2.1),
 * as JSON, or as the children of an XML `<Error>`. The code is a template too, for `Missing{Param}`.
 */
export function aliyunErrorFields(
  entry: CatalogueEntry,
  params: MessageParams,
  requestId: string,
  hostId: string,
): { RequestId: string; HostId: string; Code: string; Message: string; Recommend: string } {
  const code = formatMessage(entry.code, params);
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: formatMessage(entry.message, params),
    // The 2023–2026 form of the diagnosis link (docs/providers/aliyun.md §2.1).
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs&requestId=${requestId}`,
  };
}

export function aliyunErrorExample(
  entry: CatalogueEntry,
  params: MessageParams,
  at: ExampleContext,
): unknown {
  return aliyunErrorFields(entry, params, at.requestId.toUpperCase(), 'ecs.aliyuncs.com');
}

/** An XML error is `<Error>` around the JSON body's fields. */
export const aliyunErrorBodyOf = (body: unknown): unknown =>
  typeof body === 'object' && body !== null && 'Error' in body ? body.Error : body;

export function readAliyunError(
  status: number,
  headers: Headers,
  body: unknown,
  text: string,
): ErrorReading | undefined {
  if (status < 400) return undefined;
  const parsed = aliyunErrorBody.safeParse(aliyunErrorBodyOf(body));
  if (parsed.success)
    return { code: parsed.data.Code, message: parsed.data.Message, requestId: parsed.data.RequestId };
  return { code: String(status), message: text, requestId: headers.get('x-acs-request-id') };
}
