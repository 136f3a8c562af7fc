import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import type { AliyunOperationName } from '../../../contracts/aliyun/operations.ts';
import type { AliyunInstance } from '../../../contracts/aliyun/scenario.ts';
import { BodyTooLarge, readBody } from '../../body.ts';
import { ProviderError } from '../../errors.ts';
import { ConnectionFault } from '../../faults.ts';
import type { RequestRecord } from '../../journal.ts';
import type { EmulatorContext } from '../../provider.ts';
import { renderAliyunError } from './errors.ts';
import { type BodyFormat, type BodyValue, serialize } from './format.ts';
import { answerFormat, authenticate, type Caller, readCall } from './gateway.ts';
import type { AliyunModel } from './model.ts';

type Env = {
  Bindings: { record: RequestRecord };
  Variables: { requestId: string; format: BodyFormat; inOperation: boolean };
};
type Ctx = Context<Env>;

/** An operation: validated parameters in, the success body's fields out (RequestId is added for it). */
type Operation = (input: {
  params: Map<string, string>;
  caller: Caller;
  c: Ctx;
}) => Record<string, BodyValue>;

const PAGE_SIZE_MAX = 100;
const INSTANCE_IDS_MAX = 100;

function required(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (!value) throw new ProviderError(aliyunErrors.MissingParameter, { param: name });
  return value;
}

/** An optional integer parameter within bounds; anything else is `InvalidParameter`. */
function integer(
  params: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ProviderError(aliyunErrors.InvalidParameter, { param: name });
  }
  return value;
}

/** `InstanceIds` is a JSON array of up to 100 ids (ECS DescribeInstances reference). */
function instanceIds(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length > INSTANCE_IDS_MAX ||
    !parsed.every((id) => typeof id === 'string')
  ) {
    throw new ProviderError(aliyunErrors['InvalidInstanceIds.Malformed']);
  }
  return parsed;
}

export function createAliyunRoutes(model: AliyunModel, ctx: EmulatorContext): Hono<Env> {
  const app = new Hono<Env>();
  const hostOf = (c: Ctx) => model.settings.hostId ?? c.req.header('host') ?? new URL(c.req.url).host;
  const endpointHost = (c: Ctx) => new URL(ctx.publicUrl(c.req.raw)).host;
  /** The console's WebSocket origin: the public URL with http→ws, https→wss. */
  const consoleBase = (c: Ctx) => ctx.publicUrl(c.req.raw).replace(/^http/, 'ws');

  const commonHeaders = (c: Ctx): Record<string, string> => ({
    'x-acs-request-id': c.get('requestId'),
    // Real ECS answers carry these CORS headers (fog/fog-aliyun#32, docs/providers/aliyun.md §2.1).
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  });

  const render = (c: Ctx, error: ProviderError) => {
    const { response, code } = renderAliyunError(error, {
      requestId: c.get('requestId'),
      hostId: hostOf(c),
      format: c.get('format'),
      headers: commonHeaders(c),
    });
    c.env.record.code = code;
    c.env.record.error = error;
    return response;
  };

  /**
   * A throttling answer always says how long to wait, or openapi-core reads it as a plain ClientError: one set
   * by a fault rule waits one throttling window (a second unless the scenario's is longer).
   */
  const withRetryAfter = (error: ProviderError) => {
    const declared = error.entry.headers?.['x-acs-retry-after'];
    if (declared === undefined || error.headers['x-acs-retry-after'] !== undefined) return error;
    const wait = (model.settings.throttling?.perSeconds ?? 1) * 1000;
    return new ProviderError(error.entry, error.params, {
      ...error.headers,
      'x-acs-retry-after': String(wait),
    });
  };

  const regionView =
    (c: Ctx, acceptLanguage: string | undefined) =>
    (r: ReturnType<AliyunModel['describeRegions']>[number]) => ({
      RegionId: r.regionId,
      LocalName: acceptLanguage === 'en-US' && r.localNameEn ? r.localNameEn : r.localName,
      // The emulator's own host, so that a client following RegionEndpoint stays offline.
      RegionEndpoint: endpointHost(c),
      Status: 'available',
    });

  const instanceView = (i: AliyunInstance) => ({
    InstanceId: i.instanceId,
    InstanceName: i.instanceName,
    HostName: i.instanceName,
    RegionId: i.regionId,
    ZoneId: i.zoneId ?? `${i.regionId}-h`,
    Status: i.status,
    OSType: i.osType,
    OSName:
      i.osName ??
      (i.osType === 'windows'
        ? 'Windows Server 2022 数据中心版 64位中文版'
        : 'Alibaba Cloud Linux 3.2104 LTS 64位'),
    InstanceType: i.instanceType,
    Cpu: i.cpu,
    Memory: i.memory,
    IoOptimized: i.ioOptimized,
    InstanceNetworkType: 'vpc',
    CreationTime: i.creationTime,
  });

  const operations: Record<AliyunOperationName, Operation> = {
    DescribeInstanceVncUrl: ({ params, caller, c }) => {
      const regionId = required(params, 'RegionId');
      const instanceId = required(params, 'InstanceId');
      const issued = model.describeInstanceVncUrl(
        regionId,
        instanceId,
        caller.accessKey.accessKeyId,
        consoleBase(c),
      );
      return { VncUrl: issued.vncUrl };
    },
    ModifyInstanceVncPasswd: ({ params, caller }) => {
      const regionId = required(params, 'RegionId');
      const instanceId = required(params, 'InstanceId');
      const password = required(params, 'VncPassword');
      model.modifyInstanceVncPasswd(regionId, instanceId, password, caller.accessKey.accessKeyId);
      return {};
    },
    DescribeRegions: ({ params, c }) => ({
      Regions: { Region: model.describeRegions().map(regionView(c, params.get('AcceptLanguage'))) },
    }),
    DescribeInstances: ({ params, caller }) => {
      const regionId = required(params, 'RegionId');
      const pageNumber = integer(params, 'PageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
      const pageSize = integer(params, 'PageSize', 10, 1, PAGE_SIZE_MAX);
      const ids = instanceIds(params.get('InstanceIds'));
      const { instances, totalCount } = model.describeInstances(
        {
          regionId,
          pageNumber,
          pageSize,
          ...(ids ? { instanceIds: ids } : {}),
          ...(params.get('InstanceName') ? { instanceName: params.get('InstanceName') } : {}),
          ...(params.get('Status') ? { status: params.get('Status') } : {}),
        },
        caller.accessKey.accessKeyId,
      );
      return {
        TotalCount: totalCount,
        PageNumber: pageNumber,
        PageSize: pageSize,
        Instances: { Instance: instances.map(instanceView) },
      };
    },
  };

  app.onError((err, c) => {
    if (err instanceof ProviderError) return render(c, withRetryAfter(err));
    if (err instanceof ConnectionFault) throw err;
    if (err instanceof BodyTooLarge) {
      return render(c, new ProviderError(aliyunErrors.RequestEntityTooLarge, { limit: err.limit }));
    }
    console.error('[aliyun] unexpected error:', err);
    // Inside an ECS operation the ECS text, before it the gateway's (docs/providers/aliyun.md §2.2, §3.2).
    return render(
      c,
      new ProviderError(c.get('inOperation') ? aliyunErrors.EcsInternalError : aliyunErrors.InternalError),
    );
  });

  app.all('*', async (c) => {
    const requestId = randomUUID().toUpperCase();
    c.set('requestId', requestId);
    c.set('inOperation', false);
    const record = c.env.record;
    record.requestId = requestId;
    record.operation = 'unknown';
    const url = new URL(c.req.url);
    // Answers before the body is read follow the query's Format; the form body's counts from then on.
    c.set('format', answerFormat(c.req.raw.headers, url.searchParams.get('Format')));
    if (model.settings.serviceUnavailable) throw new ProviderError(aliyunErrors.ServiceUnavailable);
    if (c.req.method !== 'GET' && c.req.method !== 'POST')
      throw new ProviderError(aliyunErrors.UnsupportedHTTPMethod);
    // The connection's own scheme: through a proxy that ends TLS, a call arrives as plain HTTP.
    if (model.settings.requireHttps && url.protocol !== 'https:')
      throw new ProviderError(aliyunErrors['InvalidProtocol.NeedSsl']);
    const call = readCall(c.req.raw, url, await readBody(c.req.raw, ctx.maxBodyBytes));
    c.set('format', call.format);
    if (call.action) record.operation = call.action;
    const caller = authenticate(model, ctx.clock, call);
    record.credential = caller.accessKey.accessKeyId;
    c.set('inOperation', true);
    await ctx.faults.apply({
      provider: 'aliyun',
      operation: caller.action,
      credential: caller.accessKey.accessKeyId,
      resource: call.params.get('InstanceId'),
    });
    const fields = operations[caller.action]({ params: call.params, caller, c });
    const { text, contentType } = serialize(call.format, `${caller.action}Response`, {
      RequestId: requestId,
      ...fields,
    });
    return new Response(text, { status: 200, headers: { ...commonHeaders(c), 'Content-Type': contentType } });
  });

  return app;
}
