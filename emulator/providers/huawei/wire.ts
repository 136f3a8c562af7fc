import { type HuaweiOperationName, huaweiOperations } from '../../../contracts/huawei/operations.ts';
import { Memo } from '../../memo.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';
import type { Call } from '../../pipeline/call.ts';
import { type Handler, Operations } from '../../pipeline/operations.ts';
import type { EmulatorContext } from '../../provider.ts';
import { type Microversion, parseMicroversion } from './microversion.ts';
import type { Caller, HuaweiModel } from './model.ts';
import { pyJsonDumps } from './python.ts';

/** A call at Huawei's services: its request id, the headers every answer carries, its caller once known. */
export interface HuaweiCall extends Call {
  requestId: string;
  headers: Record<string, string>;
  caller?: Caller;
}

const JSON_CONTENT_TYPE = { 'Content-Type': 'application/json' } as const;

/** A JSON answer; `headers`, made for this answer (a call's own), gets the Content-Type in place rather than copied. */
export function json(body: object, status: number, headers: Record<string, string>): Answer {
  return answer(pyJsonDumps(body), status, Object.assign(headers, JSON_CONTENT_TYPE));
}

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const EMPTY_BODY: Parsed = Object.freeze({ ok: true, value: undefined });
const MALFORMED: Parsed = Object.freeze({ ok: false });

/** Bodies up to this size keep their parse. */
const REMEMBERED_BODY_BYTES = 1024;

/** How many bodies keep their parse. */
const PARSED_BODIES = 256;

/**
 * Request bodies parsed, by their text: a client sends the same small body again and again (a console request
 * is one of a handful). The values are frozen, as every request that sends the text shares them.
 */
const parsedBodies = new Memo<string, Parsed>(PARSED_BODIES);

function frozen(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * The last remembered body, as bytes (a copy), and its parse: a client sends the same body request after
 * request, and comparing its few bytes is cheaper than decoding them to look the text up.
 */
let lastBody = new Uint8Array(0);
let lastParsed: Parsed = EMPTY_BODY;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The body as JSON; its value is shared with every request of the same body, so it is only ever read. */
export function parseJson(bytes: Uint8Array): Parsed {
  if (bytes.length === 0) return EMPTY_BODY;
  if (sameBytes(bytes, lastBody)) return lastParsed;
  // A view of the bytes, not a copy of them.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    if (bytes.length > REMEMBERED_BODY_BYTES) return { ok: true, value: JSON.parse(text) };
    lastParsed = parsedBodies.get(text, () => Object.freeze({ ok: true, value: frozen(JSON.parse(text)) }));
    lastBody = new Uint8Array(bytes);
    return lastParsed;
  } catch {
    return MALFORMED;
  }
}

/** Nova serves every route with and without the project id (docs/providers/huawei.md §1.1). */
export const NOVA_PREFIX = '/v2.1/{project_id}';
const PATTERNS = { project_id: '[0-9a-f-]+' };

/** The paths an operation answers on: Nova's with and without the project, a version document with and without `/`. */
function routePaths(template: string): string[] {
  if (template.startsWith(`${NOVA_PREFIX}/`)) return [template, `/v2.1${template.slice(NOVA_PREFIX.length)}`];
  if (template !== '/' && !template.includes('{'))
    return [template, template.endsWith('/') ? template.slice(0, -1) : `${template}/`];
  return [template];
}

/**
 * Nova's operations by path, to name the operation before routing (authentication runs first, as
 * keystonemiddleware does): the literal paths before the ones with a parameter that would also match them.
 */
const NOVA_OPERATIONS = Object.values(huaweiOperations)
  .filter((op) => op.path.startsWith(`${NOVA_PREFIX}/`))
  .map((op) => {
    const rest = op.path.slice(NOVA_PREFIX.length).split(/\{[^}]+\}/);
    const pattern = new RegExp(`^/v2\\.1(?:/[0-9a-f-]+)?${rest.map(escapeRegex).join('[^/]+')}$`);
    return { method: op.method, pattern, name: op.name, parameters: rest.length };
  })
  .sort((a, b) => a.parameters - b.parameters);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function journalOperation(method: string, path: string): string {
  return NOVA_OPERATIONS.find((op) => op.method === method && op.pattern.test(path))?.name ?? 'unknownPath';
}

export interface HuaweiWire {
  /** Every operation, as `op` registered it. */
  operations: Operations<HuaweiOperationName, HuaweiCall>;
  model: HuaweiModel;
  ctx: EmulatorContext;
  maxVersion: Microversion;
  /** The public base URL of this request. */
  base(call: Call): string;
  /** Registers a contract operation on its paths (or on `at`); the journal knows the request by its name. */
  op(name: HuaweiOperationName, handler: Handler<HuaweiCall>, at?: string): void;
  /** The path's server id. */
  serverId(call: Call): string;
}

export function createWire(model: HuaweiModel, ctx: EmulatorContext): HuaweiWire {
  const base = (call: Call) => ctx.publicUrl(call);
  const operations = new Operations<HuaweiOperationName, HuaweiCall>(huaweiOperations, PATTERNS);
  /** Registers a contract operation on its paths (or on `at`); the journal knows the request by its name. */
  const op = (name: HuaweiOperationName, handler: Handler<HuaweiCall>, at?: string) =>
    operations.op(name, handler, at ? [at] : routePaths(huaweiOperations[name].path));
  return {
    operations,
    model,
    ctx,
    maxVersion: parseMicroversion(model.settings.maxMicroversion) as Microversion,
    base,
    op,
    serverId: (call) => call.param('server_id') ?? '',
  };
}
