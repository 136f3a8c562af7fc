import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { aliyunErrorBody } from '../../contracts/aliyun/schemas.ts';
import {
  type Credentials,
  formatAcsTimestamp,
  percentEncode,
  signV3,
  v1Signature,
  v1StringToSign,
} from '../../contracts/aliyun/signer.ts';
import type { RunningEmulator } from '../../emulator/server.ts';

/** The demo credentials and instances (the public interface). */
export const DEMO: Credentials = {
  accessKeyId: 'LTAI5tDemoAccessKey00001',
  accessKeySecret: 'demo-aliyun-secret',
};
export const IDS = {
  running: 'i-bp1demorunning000001',
  windows: 'i-bp1demowindows000002',
  stopped: 'i-bp1demostopped000003',
  pending: 'i-bp1demopending000004',
  qingdao: 'i-m5edemoqingdao000005',
} as const;

export const JSON_TYPE = 'application/json;charset=utf-8';
export const XML_TYPE = 'text/xml;charset=utf-8';

export const newNonce = (): string => randomUUID();

/** V1 common parameters signed at real time, as a client signs; `undefined` values are left out. */
export function v1Params(
  running: RunningEmulator,
  params: Record<string, string | undefined>,
  options: { method?: string; credentials?: Credentials } = {},
): Record<string, string> {
  const credentials = options.credentials ?? DEMO;
  const all: Record<string, string | undefined> = {
    Format: 'JSON',
    Version: '2014-05-26',
    Timestamp: formatAcsTimestamp(running.emulator.clock.realNow()),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: newNonce(),
    AccessKeyId: credentials.accessKeyId,
    ...params,
  };
  const clean = Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const stringToSign = v1StringToSign(options.method ?? 'GET', Object.entries(clean));
  return { ...clean, Signature: v1Signature(stringToSign, credentials.accessKeySecret) };
}

export const encodeParams = (params: Record<string, string>): string =>
  Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');

/** Sends V1 parameters as a GET query or a POST form body. */
export function sendV1(
  running: RunningEmulator,
  params: Record<string, string>,
  method = 'GET',
): Promise<Response> {
  if (method === 'GET') return fetch(`${running.url}/?${encodeParams(params)}`);
  return fetch(`${running.url}/`, {
    method,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: encodeParams(params),
  });
}

/** Signs and sends a V1 call in one go. */
export function callV1(
  running: RunningEmulator,
  params: Record<string, string | undefined>,
  options: { method?: string; credentials?: Credentials } = {},
): Promise<Response> {
  const method = options.method ?? 'GET';
  return sendV1(running, v1Params(running, params, { ...options, method }), method);
}

/** Signs and sends a V3 (ACS3-HMAC-SHA256) call as the OpenAPI SDK does: POST, parameters in the query. */
export function callV3(
  running: RunningEmulator,
  action: string,
  query: Record<string, string>,
  options: {
    credentials?: Credentials;
    method?: string;
    headers?: Record<string, string>;
    /** Changes the signed headers before sending (to break the request after signing). */
    tamper?: (headers: Record<string, string>) => Record<string, string>;
    body?: string;
    nonce?: string;
  } = {},
): Promise<Response> {
  const url = `${running.url}/?${encodeParams(query)}`;
  const signed = signV3(
    {
      method: options.method ?? 'POST',
      url,
      action,
      headers: options.headers ?? {},
      ...(options.body !== undefined ? { body: options.body } : {}),
    },
    options.credentials ?? DEMO,
    { epochMs: running.emulator.clock.realNow(), nonce: options.nonce ?? newNonce() },
  );
  const headers = options.tamper ? options.tamper(signed) : signed;
  return fetch(url, {
    method: options.method ?? 'POST',
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The text of the first `<name>` element (CDATA or escaped text). */
export function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  if (!match) return undefined;
  return match[1] ?? unescapeXml(match[2] ?? '');
}

export interface ExpectedError {
  status: number;
  code: string;
  message: string;
  format?: 'JSON' | 'XML';
}

/** Asserts an Alibaba error answer exactly: status, content type, code, message, and the body's shape. */
export async function expectError(
  response: Response,
  expected: ExpectedError,
): Promise<Record<string, string>> {
  const format = expected.format ?? 'JSON';
  const text = await response.text();
  expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
    status: expected.status,
    type: format === 'JSON' ? JSON_TYPE : XML_TYPE,
  });
  let body: Record<string, string>;
  if (format === 'JSON') {
    body = aliyunErrorBody.parse(JSON.parse(text));
  } else {
    expect(text.startsWith("<?xml version='1.0' encoding='UTF-8'?><Error>")).toBe(true);
    body = aliyunErrorBody.parse(
      Object.fromEntries(
        ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'].map((name) => [name, xmlField(text, name)]),
      ),
    );
  }
  expect({ Code: body.Code, Message: body.Message }).toEqual({
    Code: expected.code,
    Message: expected.message,
  });
  expect(body.Recommend).toBe(
    `https://api.aliyun.com/troubleshoot?q=${expected.code}&product=Ecs&requestId=${body.RequestId}`,
  );
  expect(response.headers.get('x-acs-request-id')).toBe(body.RequestId);
  return body;
}
