import type { Context, Hono } from 'hono';
import { type HuaweiOperationName, huaweiOperations } from '../../../contracts/huawei/operations.ts';
import { honoPath } from '../../endpoints.ts';
import type { RequestRecord } from '../../journal.ts';
import type { EmulatorContext } from '../../provider.ts';
import { type Microversion, parseMicroversion } from './microversion.ts';
import type { Caller, ConsoleApi, HuaweiModel } from './model.ts';
import { pyJsonDumps } from './python.ts';

/** What the Huawei routes share: the Hono environment, JSON in and out, and how an operation is registered. */
export type Env = {
  Bindings: { record: RequestRecord };
  Variables: { requestId: string; headers: Record<string, string>; body: Uint8Array; caller: Caller };
};
export type Ctx = Context<Env>;

export function json(body: object, status: number, headers: Record<string, string>): Response {
  return new Response(pyJsonDumps(body), {
    status,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

export function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Nova serves every route with and without the project id (docs/providers/huawei.md §1.1). */
export const NOVA_PREFIX = '/v2.1/{project_id}';
const PATTERNS = { project_id: '[0-9a-f-]+' };

/** The paths an operation answers on: Nova's with and without the project, a version document with and without `/`. */
function routePaths(template: string): string[] {
  if (template.startsWith(`${NOVA_PREFIX}/`))
    return [honoPath(template, PATTERNS), honoPath(`/v2.1${template.slice(NOVA_PREFIX.length)}`, PATTERNS)];
  if (template !== '/' && !template.includes('{'))
    return [template, template.endsWith('/') ? template.slice(0, -1) : `${template}/`];
  return [honoPath(template, PATTERNS)];
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
  app: Hono<Env>;
  model: HuaweiModel;
  ctx: EmulatorContext;
  maxVersion: Microversion;
  /** The public base URL of this request. */
  base(c: Ctx): string;
  /** Registers a contract operation on its paths (or on `at`); the journal knows the request by its name. */
  op(name: HuaweiOperationName, handler: (c: Ctx) => Response | Promise<Response>, at?: string): void;
  /** The URL a console token opens, in Huawei's or Nova's form (docs/providers/huawei.md §3.1). */
  consoleUrl(c: Ctx, protocol: string, api: ConsoleApi): (token: string) => string;
  /** The path's server id. */
  serverId(c: Ctx): string;
}

export function createWire(app: Hono<Env>, model: HuaweiModel, ctx: EmulatorContext): HuaweiWire {
  const base = (c: Ctx) => ctx.publicUrl(c.req.raw);
  /** Registers a contract operation on its paths (or on `at`); the journal knows the request by its name. */
  const op = (name: HuaweiOperationName, handler: (c: Ctx) => Response | Promise<Response>, at?: string) => {
    const contract = huaweiOperations[name];
    for (const path of at ? [honoPath(at, PATTERNS)] : routePaths(contract.path)) {
      app.on(contract.method, path, (c) => {
        c.env.record.operation = name;
        return handler(c);
      });
    }
  };
  const consoleUrl = (c: Ctx, protocol: string, api: ConsoleApi) => (token: string) => {
    const root = base(c);
    if (protocol === 'spice') return `${root}/spice_auto.html?token=${token}`;
    if (protocol === 'serial') return `${root.replace(/^http/, 'ws')}/?token=${token}`;
    if (api === 'native')
      return `${root}/vnc_auto.html?token=${token}&lang=EN&tLength=${model.settings.nativeTLength}`;
    if (model.settings.urlStyle === 'nova')
      return `${root}/vnc_auto.html?path=${encodeURIComponent(`?token=${token}`)}`;
    return `${root}/vnc_auto.html?token=${token}&lang=EN`;
  };
  return {
    app,
    model,
    ctx,
    maxVersion: parseMicroversion(model.settings.maxMicroversion) as Microversion,
    base,
    op,
    consoleUrl,
    serverId: (c) => c.req.param('server_id') ?? '',
  };
}
