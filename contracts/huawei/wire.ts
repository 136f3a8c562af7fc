import { type CatalogueEntry, formatMessage, type MessageParams } from '../catalogue.ts';
import type { ErrorReading, ExampleContext } from '../contract.ts';
import { keystoneTitles, novaFaultNames } from './errors.ts';
import { apigwErrorBody, ecsErrorBody, keystoneErrorBody, novaFaultBody, webobErrorBody } from './schemas.ts';

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 413: 'Request Entity Too Large' };

/** webob's title and status line of an HTTPException (docs/providers/huawei.md §2.6). */
export function webobStatus(status: number): { title: string; statusLine: string } {
  const title = STATUS_TEXT[status] ?? 'Error';
  return { title, statusLine: `${status} ${title}` };
}

/** webob's explanation as its bodies carry it: two `<br />` and three newlines after the text. */
export const webobExplanation = (message: string) => `${message}<br /><br />\n\n\n`;

/**
 * The JSON body of a catalogue error in each shape (webob's in its JSON form): the emulator's renderer writes
 * it, the OpenAPI documents show it. `requestId` is the gateway's (32 hex digits), which only its bodies carry.
 */
export function huaweiErrorBody(entry: CatalogueEntry, message: string, requestId: string): object {
  switch (entry.shape) {
    case 'nova':
      return { [novaFaultNames[entry.status] ?? 'computeFault']: { code: entry.status, message } };
    case 'keystone':
      return { error: { code: entry.status, title: keystoneTitles[entry.status] ?? 'Error', message } };
    case 'webob': {
      const { title, statusLine } = webobStatus(entry.status);
      return { message: webobExplanation(message), code: statusLine, title };
    }
    case 'apigw':
      return { error_msg: message, error_code: entry.code, request_id: requestId };
    case 'ecs':
      return { error: { code: entry.code, message } };
    default:
      throw new Error(`unknown Huawei error shape ${entry.shape}`);
  }
}

/** The gateway's and native ECS's request id: 32 hex digits, even in front of Nova's `req-<uuid>` routes. */
export const gatewayRequestId = (requestId: string) => requestId.replace(/^req-/, '').replace(/-/g, '');

export function huaweiErrorExample(
  entry: CatalogueEntry,
  params: MessageParams,
  at: ExampleContext,
): unknown {
  return huaweiErrorBody(entry, formatMessage(entry.message, params), gatewayRequestId(at.requestId));
}

/** Which of Huawei's error shapes came back (the schemas tell them apart); errors are always 4xx or 5xx. */
export function readHuaweiError(
  status: number,
  headers: Headers,
  body: unknown,
  text: string,
): ErrorReading | undefined {
  if (status < 400) return undefined;
  const requestId =
    headers.get('x-compute-request-id') ??
    headers.get('x-openstack-request-id') ??
    headers.get('x-request-id');
  const apigw = apigwErrorBody.safeParse(body);
  if (apigw.success)
    return { code: apigw.data.error_code, message: apigw.data.error_msg, requestId: apigw.data.request_id };
  const ecs = ecsErrorBody.safeParse(body);
  if (ecs.success) return { code: ecs.data.error.code, message: ecs.data.error.message, requestId };
  const keystone = keystoneErrorBody.safeParse(body);
  if (keystone.success)
    return { code: String(keystone.data.error.code), message: keystone.data.error.message, requestId };
  const webob = webobErrorBody.safeParse(body);
  if (webob.success) return { code: webob.data.code, message: webob.data.message, requestId };
  const fault = novaFaultBody.safeParse(body);
  const [name, detail] = fault.success ? (Object.entries(fault.data)[0] ?? []) : [];
  if (name && detail) return { code: name, message: detail.message, requestId };
  return { code: String(status), message: text, requestId };
}
