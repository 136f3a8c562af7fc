import { type CatalogueEntry, formatMessage } from '../../../contracts/catalogue.ts';
import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import {
  gatewayRequestId,
  huaweiErrorBody,
  webobExplanation,
  webobStatus,
} from '../../../contracts/huawei/wire.ts';
import { ProviderError } from '../../errors.ts';
import { type Answer, answer as answerOf } from '../../pipeline/answer.ts';
import type { Call } from '../../pipeline/call.ts';
import { pyJsonDumps } from './python.ts';

export interface RenderContext {
  /** The request's id (`req-<uuid>` for OpenStack services, 32 hex for the gateway and native ECS). */
  requestId: string;
  /** Headers every response of this route carries (request ids, microversion headers). */
  headers: Record<string, string>;
  /** The request's `Accept`, which picks webob's body format. */
  accept: string;
  /** Keystone's `WWW-Authenticate` value for 401s. */
  wwwAuthenticate: string;
}

/** webob's HTTPException body in the format the `Accept` header asks for (docs/providers/huawei.md §2.6). */
function webobBody(
  entry: CatalogueEntry,
  message: string,
  accept: string,
): { body: string; contentType: string } {
  if (accept.includes('application/json')) {
    return { body: pyJsonDumps(huaweiErrorBody(entry, message, '')), contentType: 'application/json' };
  }
  const { statusLine } = webobStatus(entry.status);
  const raw = webobExplanation(message);
  if (accept.includes('text/html')) {
    return {
      body: `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${raw}\n </body>\n</html>`,
      contentType: 'text/html; charset=UTF-8',
    };
  }
  const plain = raw.replace(/\n/g, ' ').replace(/<br \/>/g, '\n');
  return { body: `${statusLine}\n\n${plain}`, contentType: 'text/plain; charset=UTF-8' };
}

/** The single renderer of Huawei / Nova errors: one wire shape per catalogue `shape`. */
export function renderHuaweiError(error: ProviderError, ctx: RenderContext): Answer {
  const { entry } = error;
  const message = formatMessage(entry.message, error.params);
  const headers = new Headers();
  const gatewayId = gatewayRequestId(ctx.requestId);
  let body: string;
  switch (entry.shape) {
    case 'nova': {
      body = pyJsonDumps(huaweiErrorBody(entry, message, gatewayId));
      for (const [k, v] of Object.entries(ctx.headers)) headers.set(k, v);
      headers.set('Content-Type', 'application/json; charset=UTF-8');
      break;
    }
    case 'keystone': {
      body = pyJsonDumps(huaweiErrorBody(entry, message, gatewayId));
      headers.set('Content-Type', 'application/json');
      if (ctx.headers['x-openstack-request-id'])
        headers.set('x-openstack-request-id', ctx.headers['x-openstack-request-id']);
      if (entry.status === 401) headers.set('WWW-Authenticate', ctx.wwwAuthenticate);
      break;
    }
    case 'webob': {
      const rendered = webobBody(entry, message, ctx.accept);
      body = rendered.body;
      headers.set('Content-Type', rendered.contentType);
      for (const [k, v] of Object.entries(ctx.headers)) if (k.endsWith('request-id')) headers.set(k, v);
      break;
    }
    case 'apigw':
    case 'ecs':
      body = JSON.stringify(huaweiErrorBody(entry, message, gatewayId));
      headers.set('Content-Type', 'application/json');
      headers.set('X-Request-Id', gatewayId);
      break;
    default:
      throw new Error(`unknown Huawei error shape ${entry.shape}`);
  }
  for (const [k, v] of Object.entries(error.headers)) headers.set(k, v);
  return answerOf(body, entry.status, headers);
}

/**
 * What a request gets when the emulator cannot save the change it made: the gateway's "Backend unavailable" in
 * front of the native API, Keystone's error body on IAM, a Nova fault elsewhere, keeping the request id and
 * microversion headers the answer had.
 */
export function renderHuaweiUnavailable(
  call: Call,
  requestId: string,
  answer: Answer,
): { response: Answer; code: string } {
  const path = call.pathname;
  const entry = path.startsWith('/v1/')
    ? huaweiErrors['APIGW.0201']
    : path === '/v3' || path.startsWith('/v3/')
      ? huaweiErrors.KeystoneServiceUnavailable
      : huaweiErrors.ServiceUnavailable;
  const headers: Record<string, string> = {};
  for (const [name, value] of new Headers(answer.headers))
    if (/(request-id|api-version)$/.test(name)) headers[name] = value;
  const response = renderHuaweiError(new ProviderError(entry), {
    requestId,
    headers,
    accept: call.header('accept') ?? '',
    wwwAuthenticate: '',
  });
  return { response, code: entry.code };
}
