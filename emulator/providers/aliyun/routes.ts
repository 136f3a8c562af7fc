import { randomUUID } from 'node:crypto';
import { aliyunErrors } from '../../../contracts/aliyun/errors.ts';
import type { AliyunOperationName } from '../../../contracts/aliyun/operations.ts';
import type { AliyunInstance } from '../../../contracts/aliyun/scenario.ts';
import { ProviderError } from '../../errors.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';
import { authenticate } from '../../pipeline/authenticate.ts';
import { bodyLimit } from '../../pipeline/body-limit.ts';
import type { Call } from '../../pipeline/call.ts';
import { faults } from '../../pipeline/faults.ts';
import { gateway } from '../../pipeline/gateway.ts';
import { assignRequestId } from '../../pipeline/request-id.ts';
import type { EmulatorContext } from '../../provider.ts';
import { renderAliyunError } from './errors.ts';
import { type BodyFormat, type BodyValue, serialize } from './format.ts';
import { answerFormat, authenticateCall, type Caller, type RpcCall, readCall } from './gateway.ts';
import type { AliyunModel } from './model.ts';

/** A call at Alibaba's RPC gateway: its request id, the format answers take, what the gateway has read. */
interface AliyunCall extends Call {
  requestId: string;
  /** The query's `Format` until the body is read; the form body's from then on. */
  format: BodyFormat;
  /** Whether the call reached its ECS operation (an unexpected error is ECS's then, the gateway's before). */
  inOperation: boolean;
  rpc?: RpcCall;
  caller?: Caller;
}

/** An operation: validated parameters in, the success body's fields out (RequestId is added for it). */
type Operation = (input: {
  params: Map<string, string>;
  caller: Caller;
  call: AliyunCall;
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

/**
 * Alibaba's RPC gateway, in its order: request id, the service's availability, the HTTP method, the body
 * limit (the form body read), the signature (V1 or V3) with RAM and flow control, fault rules, then the action.
 */
export function createAliyunGateway(
  model: AliyunModel,
  ctx: EmulatorContext,
): (call: Call) => Answer | Promise<Answer> {
  const hostOf = (call: Call) => model.settings.hostId ?? call.header('host') ?? call.url.host;
  const endpointHost = (call: Call) => new URL(ctx.publicUrl(call)).host;
  /** The console's WebSocket origin: the public URL with http→ws, https→wss. */
  const consoleBase = (call: Call) => {
    const publicUrl = ctx.publicUrl(call);
    if (publicUrl !== lastPublicUrl) {
      lastConsoleBase = publicUrl.replace(/^http/, 'ws');
      lastPublicUrl = publicUrl;
    }
    return lastConsoleBase;
  };
  // Every call of a client has the same public URL.
  let lastPublicUrl = '';
  let lastConsoleBase = '';

  const commonHeaders = (call: AliyunCall): Record<string, string> => ({
    'x-acs-request-id': call.requestId,
    // Real ECS answers carry these CORS headers (fog/fog-aliyun#32, docs/providers/aliyun.md §2.1).
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  });

  const render = (call: AliyunCall, error: ProviderError) => {
    const { response, code } = renderAliyunError(withRetryAfter(error), {
      requestId: call.requestId,
      hostId: hostOf(call),
      format: call.format,
      headers: commonHeaders(call),
    });
    // The code as answered: `Missing{Param}` names the parameter.
    call.record.code = code;
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
    (call: Call, acceptLanguage: string | undefined) =>
    (r: ReturnType<AliyunModel['describeRegions']>[number]) => ({
      RegionId: r.regionId,
      LocalName: acceptLanguage === 'en-US' && r.localNameEn ? r.localNameEn : r.localName,
      // The emulator's own host, so that a client following RegionEndpoint stays offline.
      RegionEndpoint: endpointHost(call),
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
    DescribeInstanceVncUrl: ({ params, caller, call }) => {
      const regionId = required(params, 'RegionId');
      const instanceId = required(params, 'InstanceId');
      const issued = model.describeInstanceVncUrl(
        regionId,
        instanceId,
        caller.accessKey.accessKeyId,
        consoleBase(call),
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
    DescribeRegions: ({ params, call }) => ({
      Regions: { Region: model.describeRegions().map(regionView(call, params.get('AcceptLanguage'))) },
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

  return gateway<AliyunCall>({
    provider: 'aliyun',
    start: (base) =>
      Object.assign(base, {
        requestId: assignRequestId(base, randomUUID().toUpperCase()),
        // Answers before the body is read follow the query's Format; the form body's counts from then on.
        format: answerFormat(base.header('authorization'), base.searchParams.get('Format')),
        inOperation: false,
      }),
    steps: [
      (call) => {
        call.record.operation = 'unknown';
        if (model.settings.serviceUnavailable) throw new ProviderError(aliyunErrors.ServiceUnavailable);
        if (call.method !== 'GET' && call.method !== 'POST')
          throw new ProviderError(aliyunErrors.UnsupportedHTTPMethod);
        // The connection's own scheme: through a proxy that ends TLS, a call arrives as plain HTTP.
        if (model.settings.requireHttps && call.url.protocol !== 'https:')
          throw new ProviderError(aliyunErrors['InvalidProtocol.NeedSsl']);
      },
      bodyLimit(ctx.maxBodyBytes),
      (call) => {
        const rpc = readCall(call);
        call.rpc = rpc;
        call.format = rpc.format;
        if (rpc.action) call.record.operation = rpc.action;
      },
      authenticate((call) => {
        call.caller = authenticateCall(model, ctx.clock, call, call.rpc as RpcCall);
        return call.caller.accessKey.accessKeyId;
      }),
      (call) => {
        call.inOperation = true;
      },
      faults(ctx, (call) => ({
        provider: 'aliyun',
        credential: call.caller?.accessKey.accessKeyId,
        resource: call.rpc?.params.get('InstanceId'),
      })),
      (call) => {
        const rpc = call.rpc as RpcCall;
        const caller = call.caller as Caller;
        const fields = operations[caller.action]({ params: rpc.params, caller, call });
        const body = Object.assign({ RequestId: call.requestId }, fields);
        const { text, contentType } = serialize(rpc.format, `${caller.action}Response`, body);
        // A key added rather than a spread and the key in one literal, which V8 builds several times slower.
        const headers = commonHeaders(call);
        headers['Content-Type'] = contentType;
        return answer(text, 200, headers);
      },
    ],
    errors: {
      render,
      tooLarge: (_call, limit) => new ProviderError(aliyunErrors.RequestEntityTooLarge, { limit }),
      // Inside an ECS operation the ECS text, before it the gateway's (docs/providers/aliyun.md §2.2, §3.2).
      unexpected: (call) =>
        new ProviderError(call.inOperation ? aliyunErrors.EcsInternalError : aliyunErrors.InternalError),
    },
  });
}
