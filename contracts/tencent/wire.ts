import { type CatalogueEntry, formatMessage, type MessageParams } from '../catalogue.ts';
import type { ErrorReading, ExampleContext } from '../contract.ts';
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
  _headers: Headers,
  body: unknown,
  text: string,
): (ErrorReading & { requestId: string }) | undefined {
  const parsed = tencentErrorBody.safeParse(body);
  if (parsed.success) {
    const { Error: error, RequestId } = parsed.data.Response;
    return { code: error.Code, message: error.Message, requestId: RequestId };
  }
  return status === 200 ? undefined : { code: String(status), message: text, requestId: '' };
}

export function tencentErrorExample(
  entry: CatalogueEntry,
  params: MessageParams,
  at: ExampleContext,
): unknown {
  return tencentErrorFields(entry, params, at.requestId);
}
