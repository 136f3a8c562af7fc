import { aliyunErrors } from '../../contracts/aliyun/errors.ts';
import { aliyunErrorBody, requestId } from '../../contracts/aliyun/schemas.ts';
import type { Catalogue, CatalogueEntry } from '../../contracts/catalogue.ts';
import { hpcErrors } from '../../contracts/hpc/errors.ts';
import { huaweiErrors, keystoneTitles, novaFaultNames } from '../../contracts/huawei/errors.ts';
import {
  apigwErrorBody,
  ecsErrorBody,
  keystoneErrorBody,
  novaFaultBody,
  webobErrorBody,
} from '../../contracts/huawei/schemas.ts';
import { tencentErrors } from '../../contracts/tencent/errors.ts';
import { requestId as tencentRequestId } from '../../contracts/tencent/schemas.ts';

/** Who answers a request: a provider, the control API, the console pages, or the emulator's own 404. */
export type Answerer = 'huawei' | 'aliyun' | 'hpc' | 'tencent' | 'control' | 'pages' | 'emulator';

/** An answer as the fuzz suite saw it. */
export interface Seen {
  method: string;
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

/** Thrown (and shown by fast-check with the shrunk request) when an answer is in no documented shape. */
export class ShapeViolation extends Error {}

function violation(why: string, seen: Seen): never {
  throw new ShapeViolation(`${why}: ${seen.status} ${seen.contentType} ${seen.text.slice(0, 300)}`);
}

function parseJson(seen: Seen): unknown {
  try {
    return JSON.parse(seen.text);
  } catch {
    violation('not JSON', seen);
  }
}

/** The catalogue entry with this code, status and shape; a code template (`Missing{param}`) matches any fill. */
function entryFor(catalogue: Catalogue, code: string, status: number, shapes: readonly string[]) {
  return Object.values(catalogue).find((entry: CatalogueEntry) => {
    if (entry.status !== status || !shapes.includes(entry.shape)) return false;
    const pattern = new RegExp(
      `^${entry.code.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-z_]+\}/g, '.+')}$`,
    );
    return pattern.test(code);
  });
}

/**
 * 5xx answers the providers document: Nova's remote-consoles lets `InstanceInvalidState` (a server being
 * deleted) through as a 500 (docs/providers/huawei.md §1.3); every other 5xx is a bug.
 */
const DOCUMENTED_5XX = /<class 'nova\.exception\.InstanceInvalidState'>/;

const isSuccess = (status: number) => status >= 200 && status < 300;

/** HEAD answers and 204s have no body to check. */
const bodiless = (seen: Seen) => seen.method === 'HEAD' || seen.status === 204;

function checkHuawei(seen: Seen): void {
  if (seen.status >= 500 && !DOCUMENTED_5XX.test(seen.text)) violation('undocumented Huawei 5xx', seen);
  if (bodiless(seen)) return;
  if (isSuccess(seen.status)) {
    if (!seen.contentType.startsWith('application/json')) violation('Huawei success not JSON', seen);
    parseJson(seen);
    return;
  }
  // webob's plain and HTML bodies (unmatched routes, oversized bodies) carry the status line.
  if (!seen.contentType.startsWith('application/json')) {
    const entry = Object.values(huaweiErrors).find((e) => e.shape === 'webob' && e.status === seen.status);
    if (!entry || !seen.text.includes(entry.code)) violation('Huawei non-JSON error not a webob page', seen);
    return;
  }
  const body = parseJson(seen);
  const keystone = keystoneErrorBody.safeParse(body);
  if (keystone.success) {
    if (keystone.data.error.code !== seen.status || keystoneTitles[seen.status] !== keystone.data.error.title)
      violation('Keystone error code/title do not match the status', seen);
    if (!entryFor(huaweiErrors, String(seen.status), seen.status, ['keystone']))
      violation('Keystone status not in the catalogue', seen);
    return;
  }
  const apigw = apigwErrorBody.safeParse(body);
  if (apigw.success) {
    if (!entryFor(huaweiErrors, apigw.data.error_code, seen.status, ['apigw']))
      violation('gateway code not in the catalogue', seen);
    return;
  }
  const ecs = ecsErrorBody.safeParse(body);
  if (ecs.success) {
    if (!entryFor(huaweiErrors, ecs.data.error.code, seen.status, ['ecs']))
      violation('native ECS code not in the catalogue', seen);
    return;
  }
  const webob = webobErrorBody.safeParse(body);
  if (webob.success) {
    if (!entryFor(huaweiErrors, webob.data.code, seen.status, ['webob']))
      violation('webob code not in the catalogue', seen);
    return;
  }
  const nova = novaFaultBody.safeParse(body);
  if (nova.success) {
    const faults = Object.entries(nova.data);
    const [name, fault] = faults[0] ?? violation('Nova fault with no key', seen);
    if (faults.length !== 1) violation('Nova fault with more than one key', seen);
    if (fault.code !== seen.status || name !== (novaFaultNames[seen.status] ?? 'computeFault'))
      violation('Nova fault name/code do not match the status', seen);
    if (!entryFor(huaweiErrors, name, seen.status, ['nova']))
      violation('Nova fault not in the catalogue', seen);
    return;
  }
  violation('Huawei error in no documented shape', seen);
}

function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2] ?? '') : undefined;
}

function checkAliyun(seen: Seen): void {
  if (seen.status >= 500) violation('undocumented Alibaba 5xx (the demo has no serviceUnavailable)', seen);
  const json = seen.contentType === 'application/json;charset=utf-8';
  const xml = seen.contentType === 'text/xml;charset=utf-8';
  if (!json && !xml) violation('Alibaba content type is neither of the two exact ones', seen);
  const id = seen.headers.get('x-acs-request-id') ?? '';
  if (!requestId.safeParse(id).success) violation('no x-acs-request-id', seen);
  if (bodiless(seen)) return;
  if (isSuccess(seen.status)) {
    const found = json
      ? (parseJson(seen) as { RequestId?: unknown }).RequestId
      : xmlField(seen.text, 'RequestId');
    if (found !== id) violation('success without its RequestId', seen);
    return;
  }
  const fields = json
    ? parseJson(seen)
    : Object.fromEntries(
        ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'].map((n) => [n, xmlField(seen.text, n)]),
      );
  if (xml && !seen.text.startsWith("<?xml version='1.0' encoding='UTF-8'?><Error>"))
    violation('XML error root', seen);
  const parsed = aliyunErrorBody.safeParse(fields);
  if (!parsed.success) violation('Alibaba error body', seen);
  if (parsed.data.RequestId !== id) violation('error RequestId differs from the header', seen);
  if (!entryFor(aliyunErrors, parsed.data.Code, seen.status, ['rpc']))
    violation('Alibaba code not in the catalogue', seen);
}

function checkHpc(seen: Seen): void {
  if (seen.status === 404 || seen.status === 405) {
    if (seen.status === 405 && !seen.headers.get('allow')) violation('HPC 405 without Allow', seen);
    if (bodiless(seen)) return;
    const body = parseJson(seen) as Record<string, unknown>;
    const entry = entryFor(hpcErrors, String(body.error), seen.status, ['spring']);
    if (
      !entry ||
      body.status !== seen.status ||
      typeof body.timestamp !== 'string' ||
      typeof body.path !== 'string'
    )
      violation('HPC 404/405 not a Spring error body', seen);
    return;
  }
  if (seen.status !== 200) violation('HPC answers 200, 404 or 405 only', seen);
  if (bodiless(seen)) return;
  if (seen.contentType !== 'application/json;charset=UTF-8') violation('HPC content type', seen);
  const body = parseJson(seen) as Record<string, unknown>;
  if (
    Object.keys(body).join() !== 'code,msg,data' ||
    typeof body.code !== 'string' ||
    typeof body.msg !== 'string'
  )
    violation('not the {code,msg,data} envelope', seen);
  if (body.code === '0') {
    if (body.msg !== 'success') violation('success envelope msg', seen);
    return;
  }
  // 10001 is two entries: an unexpected failure (`data: null`, a finding) and the documented center answer.
  const entry = Object.values(hpcErrors).find(
    (e) =>
      e.code === body.code &&
      e.message === body.msg &&
      body.data === (e.shape === 'envelopeText' ? '' : null),
  );
  if (!entry) violation('HPC code/msg/data not in the catalogue', seen);
  if (entry.key === 'InternalError') violation('HPC 10001 internal error (an unexpected failure)', seen);
}

/** Tencent's gateway: always 200 and `application/json`, `{"Response": {…, "RequestId"}}`, an error's code in its catalogue. */
function checkTencent(seen: Seen): void {
  if (seen.status !== 200) violation('Tencent answers 200 only', seen);
  if (seen.contentType !== 'application/json') violation('Tencent content type', seen);
  if (bodiless(seen)) return;
  const body = parseJson(seen) as {
    Response?: { RequestId?: unknown; Error?: { Code?: unknown; Message?: unknown } };
  };
  if (!tencentRequestId.safeParse(body.Response?.RequestId).success) violation('no RequestId', seen);
  const error = body.Response?.Error;
  if (error === undefined) return;
  if (typeof error.Message !== 'string' || !entryFor(tencentErrors, String(error.Code), 200, ['tc3']))
    violation('Tencent code not in the catalogue', seen);
  if (error.Code === 'InternalError') violation('Tencent InternalError (an unexpected failure)', seen);
}

function checkControl(seen: Seen): void {
  if (bodiless(seen)) return;
  // Successes include the dashboard's pages, scripts and screenshots, and its redirect to `/__emulator/`.
  if (seen.status >= 200 && seen.status < 400) {
    if (seen.contentType.startsWith('application/json')) parseJson(seen);
    return;
  }
  if (!seen.contentType.startsWith('application/json')) violation('control error not JSON', seen);
  const body = parseJson(seen) as { error?: { code?: unknown; message?: unknown } };
  if (![400, 401, 403, 404, 413].includes(seen.status))
    violation('control status not 400/401/403/404/413', seen);
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string')
    violation('control error not {"error": {"code", "message"}}', seen);
}

function checkPages(seen: Seen): void {
  if (seen.status === 404 && (seen.text === 'Not Found' || bodiless(seen))) return;
  if (seen.status !== 200) violation('console page status', seen);
  if (!/^text\/(html|javascript); charset=utf-8$/.test(seen.contentType))
    violation('console page type', seen);
}

function checkEmulator(seen: Seen): void {
  if (bodiless(seen) && seen.status === 404) return;
  const body = parseJson(seen) as { error?: unknown; message?: unknown };
  if (seen.status !== 404 || body.error !== 'not_found' || typeof body.message !== 'string')
    violation('the emulator’s own 404', seen);
}

const CHECKS: Record<Answerer, (seen: Seen) => void> = {
  huawei: checkHuawei,
  aliyun: checkAliyun,
  hpc: checkHpc,
  tencent: checkTencent,
  control: checkControl,
  pages: checkPages,
  emulator: checkEmulator,
};

/** Throws a `ShapeViolation` unless the answer is a documented success or error of whoever answered it. */
export function checkShape(answerer: Answerer, seen: Seen): void {
  CHECKS[answerer](seen);
}
