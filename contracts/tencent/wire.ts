import { type CatalogueEntry, formatMessage, type MessageParams } from '../catalogue.ts';
import { tencentErrorBody } from './schemas.ts';

/**
 * The one error body of the API 3.0 gateway: `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`
 * (docs/providers/tencent.md, "Errors"), whatever the action.
 */
export function tencentErrorFields(
  entry: CatalogueEntry,
  params: MessageParams,
  requestId: string,
): { Response: { Error: { Code: string; Message: string }; RequestId: string } } {
  return {
    Response: {
      Error: { Code: entry.code, Message: formatMessage(entry.message, params) },
      RequestId: requestId,
    },
  };
}

/**
 * The error an answer carries: `Response.Error`, whatever the status (the gateway answers errors with 200);
 * `undefined` for a success.
 */
export function readTencentError(
  status: number,
  body: unknown,
  text: string,
): { code: string; message: string; requestId: string } | undefined {
  const parsed = tencentErrorBody.safeParse(body);
  if (parsed.success) {
    const { Error: error, RequestId } = parsed.data.Response;
    return { code: error.Code, message: error.Message, requestId: RequestId };
  }
  return status === 200 ? undefined : { code: String(status), message: text, requestId: '' };
}
