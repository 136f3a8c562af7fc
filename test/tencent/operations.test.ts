import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../client/errors.ts';
import { TencentClient } from '../../client/tencent.ts';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import type { TencentInstanceInput, TencentInstanceState } from '../../contracts/tencent/scenario.ts';
import type { TencentModel } from '../../emulator/providers/tencent/model.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, IDS } from './wire.ts';

/** The three actions' own rules: instance states, ids, filters and bounds, isolation, the rate limit. */

const OTHER = { secretId: 'AKIDOTHERACCOUNT00000000000000000001', secretKey: 'other-secret' };

/** One instance per state the console refuses, ids `ins-st0000NN`. */
const STATES: TencentInstanceState[] = [
  'PENDING',
  'LAUNCH_FAILED',
  'STOPPED',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'SHUTDOWN',
  'TERMINATING',
  'ENTER_RESCUE_MODE',
  'RESCUE_MODE',
  'EXIT_RESCUE_MODE',
  'ENTER_SERVICE_LIVE_MIGRATE',
  'SERVICE_LIVE_MIGRATE',
  'EXIT_SERVICE_LIVE_MIGRATE',
];
const stateId = (i: number) => `ins-st${String(i).padStart(6, '0')}`;
const instance = (instanceId: string, extra: Partial<TencentInstanceInput> = {}): TencentInstanceInput => ({
  instanceId,
  instanceName: instanceId,
  region: 'ap-guangzhou',
  zone: 'ap-guangzhou-3',
  instanceState: 'RUNNING',
  ...extra,
});

const emu = useEmulator({
  scenario: {
    tencent: {
      ...tencentDemo,
      settings: { rateLimitPerSecond: { DescribeInstanceVncUrl: 1000, DescribeRegions: 2 } },
      keys: [...tencentDemo.keys, OTHER],
      instances: [
        ...(tencentDemo.instances ?? []),
        ...STATES.map((instanceState, i) => instance(stateId(i), { instanceState })),
        instance('ins-busy0001', { latestOperation: 'StopInstances', latestOperationState: 'OPERATING' }),
        instance('ins-banned01', { restrictState: 'PROTECTIVELY_ISOLATED' }),
        instance('ins-reinst01', { latestOperation: 'ResetInstance', latestOperationState: 'FAILED' }),
        instance('ins-nocharge', { instanceState: 'STOPPED', stopChargingMode: 'STOP_CHARGING' }),
        instance('ins-others01', { owner: OTHER.secretId }),
      ],
    },
  },
});

const client = (options: { region?: string; key?: typeof OTHER } = {}) =>
  new TencentClient({
    baseUrl: emu.current.url,
    ...(options.key ?? DEMO),
    region: options.region ?? DEMO.region,
  });

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ProviderApiError)) throw error;
    return { code: error.code, message: error.providerMessage, status: error.status };
  }
  throw new Error('expected the call to fail');
}

const vnc = (instanceId: string, options?: Parameters<typeof client>[0]) =>
  client(options).describeInstanceVncUrl({ instanceId });

describe('DescribeInstanceVncUrl', () => {
  it('answers demo-running with a one-shot URL in Tencent’s form, percent-encoded once', async () => {
    const { instanceVncUrl, webSocketUrl } = await vnc(IDS.running);
    expect(instanceVncUrl).toBe(encodeURIComponent(webSocketUrl));
    expect(webSocketUrl).toMatch(
      new RegExp(
        `^ws://127\\.0\\.0\\.1:${emu.current.port}/vnc\\?s=[A-Za-z0-9_-]{64}&password=&isWindows=false&isUbuntu=false$`,
      ),
    );
  });

  it('says isUbuntu=true for an Ubuntu instance', async () => {
    const { webSocketUrl } = await vnc(IDS.shanghai, { region: 'ap-shanghai' });
    expect(new URL(webSocketUrl).searchParams.get('isUbuntu')).toBe('true');
  });

  it.each([
    ['PENDING', 'UnsupportedOperation.InstanceStatePending', 'being created'],
    ['STOPPED', 'UnsupportedOperation.InstanceStateStopped', 'stopped'],
    ['STARTING', 'UnsupportedOperation.InstanceStateStarting', 'starting'],
    ['STOPPING', 'UnsupportedOperation.InstanceStateStopping', 'stopping'],
    ['REBOOTING', 'UnsupportedOperation.InstanceStateRebooting', 'rebooting'],
    ['SHUTDOWN', 'UnsupportedOperation.InstanceStateShutdown', 'isolated (shut down, awaiting destruction)'],
    ['TERMINATING', 'UnsupportedOperation.InstanceStateTerminating', 'being destroyed'],
    ['ENTER_RESCUE_MODE', 'UnsupportedOperation.InstanceStateEnterRescueMode', 'entering rescue mode'],
    ['EXIT_RESCUE_MODE', 'UnsupportedOperation.InstanceStateExitRescueMode', 'leaving rescue mode'],
    [
      'ENTER_SERVICE_LIVE_MIGRATE',
      'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate',
      'entering a live migration',
    ],
    [
      'EXIT_SERVICE_LIVE_MIGRATE',
      'UnsupportedOperation.InstanceStateExitServiceLiveMigrate',
      'leaving a live migration',
    ],
  ] as const)('refuses %s with %s', async (state, code, what) => {
    const id = stateId(STATES.indexOf(state));
    expect(await failure(vnc(id))).toEqual({
      code,
      message: `The instance \`${id}\` is ${what}, the operation is not supported.`,
      status: 200,
    });
  });

  it.each(['LAUNCH_FAILED', 'RESCUE_MODE', 'SERVICE_LIVE_MIGRATE'] as const)(
    'refuses %s with InvalidInstanceState',
    async (state) => {
      const id = stateId(STATES.indexOf(state));
      expect(await failure(vnc(id))).toEqual({
        code: 'InvalidInstanceState',
        message: `The instance \`${id}\` state \`${state}\` does not support this operation.`,
        status: 200,
      });
    },
  );

  it.each([
    ['ins-busy0001', 'OperationDenied.InstanceOperationInProgress'],
    ['ins-banned01', 'UnsupportedOperation.InstanceStateBanning'],
    ['ins-reinst01', 'UnsupportedOperation.InstanceReinstallFailed'],
    ['ins-nocharge', 'UnsupportedOperation.StoppedModeStopCharging'],
  ])('refuses %s with %s', async (id, code) => {
    expect((await failure(vnc(id))).code).toBe(code);
  });

  it('InvalidInstanceId.NotFound for an unknown id, one of another region and one of another account', async () => {
    for (const [id, options] of [
      ['ins-nosuch01', {}],
      [IDS.shanghai, {}],
      ['ins-others01', {}],
    ] as const) {
      expect(await failure(vnc(id, options))).toEqual({
        code: 'InvalidInstanceId.NotFound',
        message: `The instance \`${id}\` is not found.`,
        status: 200,
      });
    }
    // Its own account sees it; instances without an owner are every key's.
    await vnc('ins-others01', { key: OTHER });
    const listed = async (key?: typeof OTHER) =>
      (
        await client(key ? { key } : {}).describeInstances({
          filters: [{ name: 'instance-id', values: ['ins-others01'] }],
        })
      ).TotalCount;
    expect([await listed(), await listed(OTHER)]).toEqual([0, 1]);
  });

  it('InvalidInstanceId.Malformed for an ins- id of the wrong length, InvalidParameterValue.InstanceIdMalformed otherwise', async () => {
    expect(await failure(vnc('ins-1122'))).toEqual({
      code: 'InvalidInstanceId.Malformed',
      message: 'The instance ID `ins-1122` is malformed.',
      status: 200,
    });
    for (const id of ['i-bp1demo', 'ins-DEMORUN1', '']) {
      expect((await failure(vnc(id))).code).toBe('InvalidParameterValue.InstanceIdMalformed');
    }
  });
});

describe('DescribeInstances', () => {
  it('finds by name, by state (OR within a filter, AND between filters) and by id; an unknown id is just absent', async () => {
    const byName = await client().describeInstances({
      filters: [{ name: 'instance-name', values: ['demo-running'] }],
    });
    expect(byName.InstanceSet.map((i) => i.InstanceId)).toEqual([IDS.running]);
    const byState = await client().describeInstances({
      filters: [
        { name: 'instance-state', values: ['STOPPED', 'PENDING'] },
        { name: 'instance-name', values: ['demo-stopped', 'demo-pending', 'demo-running'] },
      ],
    });
    expect(byState.InstanceSet.map((i) => i.InstanceId)).toEqual([IDS.stopped, IDS.pending]);
    const byId = await client().describeInstances({ instanceIds: [IDS.running, 'ins-nosuch01'] });
    expect({ total: byId.TotalCount, ids: byId.InstanceSet.map((i) => i.InstanceId) }).toEqual({
      total: 1,
      ids: [IDS.running],
    });
  });

  it('pages with Offset and Limit (default 20) and counts them all in TotalCount', async () => {
    const all = await client().describeInstances();
    expect(all.TotalCount).toBe(21);
    expect(all.InstanceSet).toHaveLength(20);
    const page = await client().describeInstances({ offset: 2, limit: 2 });
    expect(page.InstanceSet.map((i) => i.InstanceId)).toEqual(
      all.InstanceSet.slice(2, 4).map((i) => i.InstanceId),
    );
    expect(page.TotalCount).toBe(21);
  });

  it('refuses bounds, too many ids, filters and values, unknown filters and ids with filters', async () => {
    expect(await failure(client().describeInstances({ limit: 101 }))).toEqual({
      code: 'InvalidParameterValue.LimitExceeded',
      message: 'The number of values of the parameter `Limit` exceeds the limit `100`.',
      status: 200,
    });
    expect(await failure(client().describeInstances({ limit: 0 }))).toEqual({
      code: 'InvalidParameterValue',
      message: 'The value `0` specified in the parameter `Limit` is not valid',
      status: 200,
    });
    expect((await failure(client().describeInstances({ offset: -1 }))).code).toBe('InvalidParameterValue');
    const ids = Array.from({ length: 101 }, (_, i) => `ins-${String(i).padStart(8, '0')}`);
    expect((await failure(client().describeInstances({ instanceIds: ids }))).code).toBe(
      'InvalidParameterValue.LimitExceeded',
    );
    expect((await failure(client().describeInstances({ instanceIds: ['ins-12'] }))).code).toBe(
      'InvalidInstanceId.Malformed',
    );
    const filter = { name: 'zone', values: ['ap-guangzhou-3'] };
    expect((await failure(client().describeInstances({ filters: Array(11).fill(filter) }))).code).toBe(
      'InvalidParameterValue.LimitExceeded',
    );
    expect(
      await failure(
        client().describeInstances({ filters: [{ name: 'zone', values: ['a', 'b', 'c', 'd', 'e', 'f'] }] }),
      ),
    ).toEqual({
      code: 'InvalidFilterValue.LimitExceeded',
      message: 'The filter `zone` has more than `5` values.',
      status: 200,
    });
    expect(
      await failure(client().describeInstances({ filters: [{ name: 'colour', values: ['red'] }] })),
    ).toEqual({
      code: 'InvalidFilter',
      message: 'The filter `colour` is not valid.',
      status: 200,
    });
    expect(
      await failure(client().describeInstances({ instanceIds: [IDS.running], filters: [filter] })),
    ).toEqual({
      code: 'InvalidParameter',
      message: 'The parameters `InstanceIds` and `Filters` cannot be specified at the same time.',
      status: 200,
    });
  });
});

describe('DescribeRegions and the per-action rate limit', () => {
  it('lists the regions, then answers RequestLimitExceeded beyond the scenario’s calls a second', async () => {
    const model = emu.current.emulator.state.tencent as TencentModel;
    emu.current.emulator.clock.freeze();
    try {
      expect((await client().describeRegions()).map((r) => [r.Region, r.RegionState])).toEqual([
        ['ap-guangzhou', 'AVAILABLE'],
        ['ap-shanghai', 'AVAILABLE'],
      ]);
      await client().describeRegions();
      expect(await failure(client().describeRegions())).toEqual({
        code: 'RequestLimitExceeded',
        message:
          'Your current request times equals to `2` in a second, which exceeds the frequency limit `2` for a second. Please reduce the frequency of calls.',
        status: 200,
      });
      // Another key has its own count; the next second starts a new one.
      await client({ key: OTHER }).describeRegions();
      emu.current.emulator.clock.advance('1s');
      await client().describeRegions();
      expect(model.settings.rateLimitPerSecond.DescribeRegions).toBe(2);
    } finally {
      emu.current.emulator.clock.reset();
    }
  });
});
