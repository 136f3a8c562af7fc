import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { tencentErrors } from '../../../contracts/tencent/errors.ts';
import type { TencentInstance } from '../../../contracts/tencent/scenario.ts';
import {
  describeInstancesRequest,
  describeInstanceVncUrlRequest,
  describeRegionsRequest,
  type TencentAction,
} from '../../../contracts/tencent/schemas.ts';
import { ProviderError } from '../../errors.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';
import { authenticate } from '../../pipeline/authenticate.ts';
import { bodyLimit } from '../../pipeline/body-limit.ts';
import type { Call } from '../../pipeline/call.ts';
import { faults } from '../../pipeline/faults.ts';
import { gateway } from '../../pipeline/gateway.ts';
import { assignRequestId } from '../../pipeline/request-id.ts';
import type { EmulatorContext } from '../../provider.ts';
import { renderTencentError } from './errors.ts';
import {
  type ApiCall,
  actionParams,
  authenticate as authenticateCall,
  type Caller,
  isTencentAction,
  readCall,
  validate,
} from './gateway.ts';
import { checkInstanceId, FILTER_NAMES, type TencentModel } from './model.ts';

const INSTANCE_IDS_MAX = 100;
const FILTERS_MAX = 10;
const FILTER_VALUES_MAX = 5;
const LIMIT_DEFAULT = 20;
const LIMIT_MAX = 100;

/** A call at the API 3.0 gateway: its request id and what the gateway has read and checked of it. */
interface TencentCall extends Call {
  requestId: string;
  api?: ApiCall;
  caller?: Caller;
  /** `X-TC-Region` / `Region`, checked against the scenario's regions (empty when none was sent). */
  region: string;
  /** The action's parameters, validated against its request schema. */
  input: unknown;
}

/** An action: its validated parameters in, the answer's fields out (RequestId is added for it). */
interface Action<S extends z.ZodType> {
  schema: S;
  /** Whether the action needs a region (`X-TC-Region` / `Region`). */
  regional: boolean;
  run(input: { params: z.infer<S>; caller: Caller; region: string; call: Call }): Record<string, unknown>;
}

const action = <S extends z.ZodType>(a: Action<S>): Action<z.ZodType> => a as unknown as Action<z.ZodType>;

const instanceView = (i: TencentInstance) => ({
  InstanceId: i.instanceId,
  InstanceName: i.instanceName,
  InstanceState: i.instanceState,
  InstanceType: i.instanceType,
  CPU: i.cpu,
  Memory: i.memory,
  Placement: { Zone: i.zone ?? `${i.region}-1`, ProjectId: 0 },
  OsName:
    i.osName ??
    (i.osType === 'windows' ? 'Windows Server 2022 数据中心版 64位中文版' : 'TencentOS Server 3.1 (TK4)'),
  PrivateIpAddresses: i.privateIpAddress ? [i.privateIpAddress] : [],
  PublicIpAddresses: null,
  CreatedTime: i.createdTime,
  Uuid: uuidOf(i.instanceId),
  RestrictState: i.restrictState,
  StopChargingMode: i.stopChargingMode,
  LatestOperation: i.latestOperation ?? null,
  LatestOperationState: i.latestOperationState,
});

/** A stable UUID per instance id, so that DescribeInstances answers the same each time. */
function uuidOf(instanceId: string): string {
  const hex = Buffer.from(instanceId.padEnd(16, '0').slice(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function boundedInteger(
  value: number | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ProviderError(tencentErrors.InvalidParameterValue, { value, param: name });
  }
  if (value > max)
    throw new ProviderError(tencentErrors['InvalidParameterValue.LimitExceeded'], {
      param: name,
      limit: max,
    });
  return value;
}

/**
 * The API 3.0 gateway's steps, in its order (docs/providers/tencent.md, "Errors"): request id, method, body
 * limit, authentication, region, parameters and the per-action rate limit, faults, the action; every error
 * rendered once in Tencent's shape.
 */
export function createTencentGateway(
  model: TencentModel,
  ctx: EmulatorContext,
): (call: Call) => Answer | Promise<Answer> {
  /** The console's websocket origin: the public URL with http→ws, https→wss. */
  const consoleBase = (call: Call) => ctx.publicUrl(call).replace(/^http/, 'ws');

  const actions: Record<TencentAction, Action<z.ZodType>> = {
    DescribeInstanceVncUrl: action({
      schema: describeInstanceVncUrlRequest,
      regional: true,
      run: ({ params, caller, region, call }) => ({
        InstanceVncUrl: model.describeInstanceVncUrl(
          region,
          params.InstanceId,
          caller.key.secretId,
          consoleBase(call),
        ).instanceVncUrl,
      }),
    }),
    DescribeInstances: action({
      schema: describeInstancesRequest,
      regional: true,
      run: ({ params, caller, region }) => {
        if (params.InstanceIds !== undefined && params.Filters !== undefined) {
          throw new ProviderError(tencentErrors.ParametersConflict, {
            first: 'InstanceIds',
            second: 'Filters',
          });
        }
        if ((params.InstanceIds?.length ?? 0) > INSTANCE_IDS_MAX) {
          throw new ProviderError(tencentErrors['InvalidParameterValue.LimitExceeded'], {
            param: 'InstanceIds',
            limit: INSTANCE_IDS_MAX,
          });
        }
        for (const id of params.InstanceIds ?? []) checkInstanceId(id);
        const filters = params.Filters ?? [];
        if (filters.length > FILTERS_MAX) {
          throw new ProviderError(tencentErrors['InvalidParameterValue.LimitExceeded'], {
            param: 'Filters',
            limit: FILTERS_MAX,
          });
        }
        for (const f of filters) {
          if (!(FILTER_NAMES as readonly string[]).includes(f.Name) && !f.Name.startsWith('tag:')) {
            throw new ProviderError(tencentErrors.InvalidFilter, { name: f.Name });
          }
          if (f.Values.length > FILTER_VALUES_MAX) {
            throw new ProviderError(tencentErrors['InvalidFilterValue.LimitExceeded'], {
              name: f.Name,
              limit: FILTER_VALUES_MAX,
            });
          }
        }
        const offset = boundedInteger(params.Offset, 'Offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = boundedInteger(params.Limit, 'Limit', LIMIT_DEFAULT, 1, LIMIT_MAX);
        const { instances, totalCount } = model.describeInstances(
          {
            region,
            offset,
            limit,
            ...(params.InstanceIds ? { instanceIds: params.InstanceIds } : {}),
            filters: filters.map((f) => ({ name: f.Name, values: f.Values })),
          },
          caller.key.secretId,
        );
        return { TotalCount: totalCount, InstanceSet: instances.map(instanceView) };
      },
    }),
    DescribeRegions: action({
      schema: describeRegionsRequest,
      regional: false,
      run: () => {
        const regions = [...model.regions.values()];
        return {
          TotalCount: regions.length,
          RegionSet: regions.map((r) => ({
            Region: r.region,
            RegionName: r.regionName,
            RegionState: r.regionState,
          })),
        };
      },
    }),
  };

  return gateway<TencentCall>({
    provider: 'tencent',
    start: (base) =>
      Object.assign(base, { requestId: assignRequestId(base, randomUUID()), region: '', input: undefined }),
    steps: [
      (call) => {
        call.record.operation = 'unknown';
        if (call.method !== 'GET' && call.method !== 'POST') {
          throw new ProviderError(tencentErrors.UnsupportedProtocol, { method: call.method });
        }
      },
      bodyLimit(ctx.maxBodyBytes),
      (call) => {
        call.api = readCall(call);
        if (isTencentAction(call.api.action)) call.record.operation = call.api.action;
      },
      authenticate((call) => {
        call.caller = authenticateCall(model, ctx.clock, call.api as ApiCall);
        return call.caller.key.secretId;
      }),
      (call) => {
        const caller = call.caller as Caller;
        const spec = actions[caller.action];
        call.region = caller.region ?? '';
        if (spec.regional && !call.region) {
          throw new ProviderError(tencentErrors.MissingParameter, { param: 'Region' });
        }
        if (call.region) model.region(call.region);
        call.input = validate(spec.schema, actionParams(call.api as ApiCall, spec.schema));
        const limit = model.overLimit(caller.key.secretId, caller.action);
        if (limit !== undefined) throw new ProviderError(tencentErrors.RequestLimitExceeded, { limit });
      },
      faults(ctx, (call) => ({
        provider: 'tencent',
        credential: call.caller?.key.secretId,
        resource: instanceIdOf(call.input),
      })),
      (call) => {
        const caller = call.caller as Caller;
        const fields = actions[caller.action].run({
          params: call.input,
          caller,
          region: call.region,
          call,
        });
        // Copied and the key added rather than a spread and the key in one literal, which V8 builds several times
        // slower.
        const response: Record<string, unknown> = Object.assign({}, fields);
        response.RequestId = call.requestId;
        return answer(JSON.stringify({ Response: response }), 200, {
          'Content-Type': 'application/json',
        });
      },
    ],
    errors: {
      render: (call, error) => renderTencentError(error, call.requestId).response,
      tooLarge: (_call, limit) => new ProviderError(tencentErrors.RequestSizeLimitExceeded, { limit }),
      unexpected: () => new ProviderError(tencentErrors.InternalError),
    },
  });
}

/** The `InstanceId` of a JSON body, for fault rules that name an instance. */
const instanceIdOf = (input: unknown): string | undefined =>
  typeof input === 'object' && input !== null && 'InstanceId' in input && typeof input.InstanceId === 'string'
    ? input.InstanceId
    : undefined;
