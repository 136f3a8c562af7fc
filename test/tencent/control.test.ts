import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../client/errors.ts';
import { TencentClient } from '../../client/tencent.ts';
import { tencentDemo } from '../../contracts/tencent/demo.ts';
import type { TencentModel } from '../../emulator/providers/tencent/model.ts';
import { validateScenario } from '../../emulator/scenario-file.ts';
import { useEmulator } from '../helpers.ts';
import { DEMO, errorOf, IDS, tc3, tencentError } from './wire.ts';

/** Tencent through the control plane: fault rules, collections, snapshots, the journal, scenario fill-ins. */

const emu = useEmulator({ scenario: { tencent: tencentDemo }, journalBodies: true });
const client = () => new TencentClient({ baseUrl: emu.current.url, ...DEMO });
const model = () => emu.current.emulator.state.tencent as TencentModel;
const control = (path: string, init?: RequestInit) =>
  fetch(`${emu.current.url}/__emulator/${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });

describe('fault rules', () => {
  it('answer a catalogue error by key in Tencent’s shape, for the named operation and instance', async () => {
    emu.current.emulator.faults.add({
      provider: 'tencent',
      operation: 'DescribeInstanceVncUrl',
      resource: IDS.running,
      error: 'MFAExpired',
      times: 1,
    });
    expect(await errorOf(await tc3(emu.current.url))).toEqual(
      tencentError('UnauthorizedOperation.MFAExpired', 'The MFA verification has expired.'),
    );
    expect((await (await tc3(emu.current.url)).json()).Response.Error).toBeUndefined();
    const entries = emu.current.emulator.journal.list().slice(-2);
    expect(entries.map((e) => [e.provider, e.operation, e.status, e.code ?? null, e.credential])).toEqual([
      ['tencent', 'DescribeInstanceVncUrl', 200, 'UnauthorizedOperation.MFAExpired', DEMO.secretId],
      ['tencent', 'DescribeInstanceVncUrl', 200, null, DEMO.secretId],
    ]);
  });

  it('answer a code the emulator’s states never lead to', async () => {
    emu.current.emulator.faults.add({ provider: 'tencent', error: 'SpecialInstanceType', times: 1 });
    await expect(client().describeInstanceVncUrl({ instanceId: IDS.running })).rejects.toThrow(
      new ProviderApiError(
        'tencent',
        200,
        'UnsupportedOperation.SpecialInstanceType',
        'The instance type of `{instance_id}` does not support this operation.',
        undefined,
        undefined,
      ).message,
    );
  });
});

describe('the journal', () => {
  it('hides the signature, the token and the console ticket', async () => {
    const { webSocketUrl } = await client().describeInstanceVncUrl({ instanceId: IDS.running });
    const ticket = new URL(webSocketUrl).searchParams.get('s') as string;
    const entry = emu.current.emulator.journal.list().at(-1);
    const exchange = await (await control(`live/journal/${entry?.seq}`)).text();
    expect(exchange).toContain('InstanceVncUrl');
    expect(exchange).toContain('TC3-HMAC-SHA256');
    expect(exchange).not.toContain(ticket);
    expect(exchange).not.toMatch(/Signature=[0-9a-f]{64}/);
  });
});

describe('collections and snapshots', () => {
  it('a state changed over the control API refuses the console; a snapshot restores it', async () => {
    const snapshot = emu.current.emulator.snapshot();
    const patched = await control(`state/tencent/instances/${IDS.running}`, {
      method: 'PATCH',
      body: JSON.stringify({ instanceState: 'REBOOTING' }),
    });
    expect(patched.status).toBe(200);
    await expect(client().describeInstanceVncUrl({ instanceId: IDS.running })).rejects.toMatchObject({
      code: 'UnsupportedOperation.InstanceStateRebooting',
    });
    emu.current.emulator.restore(snapshot);
    expect(model().instances.get(IDS.running)?.instanceState).toBe('RUNNING');
    await client().describeInstanceVncUrl({ instanceId: IDS.running });
  });
});

describe('a scenario file', () => {
  it('fills in ids of CVM’s form, the only region, a zone and RUNNING', async () => {
    const filled = await validateScenario('tencent.yaml', {
      tencent: {
        regions: [{ region: 'ap-beijing', regionName: '华北地区(北京)' }],
        keys: [{ secretId: 'AKIDFILL', secretKey: 'fill' }],
        instances: [{ instanceName: 'web-1' }, {}],
      },
    });
    const instances = filled.tencent?.instances ?? [];
    expect(instances.map((i) => i.instanceId)).toEqual([
      expect.stringMatching(/^ins-[a-z0-9]{8}$/),
      expect.stringMatching(/^ins-[a-z0-9]{8}$/),
    ]);
    expect(instances.map((i) => [i.instanceName, i.region, i.instanceState])).toEqual([
      ['web-1', 'ap-beijing', 'RUNNING'],
      ['未命名', 'ap-beijing', 'RUNNING'],
    ]);
    expect(instances[0]?.zone).toMatch(/^ap-beijing-[1-7]$/);
  });
});
