import { describe, expect, it } from 'vitest';
import type { ProviderName } from '../../contracts/catalogue.ts';
import { operation } from '../../contracts/operations.ts';
import { createEmulator } from '../../emulator/app.ts';
import { contractCases } from '../../kit/cases.ts';
import { demoCredentials } from '../../kit/credentials.ts';
import { createDriver } from '../../kit/drivers.ts';
import { useEmulator } from '../helpers.ts';
import { consolesPath, demo, iamToken, nova } from '../huawei/support.ts';

const journal = async (url: string, query = '') => {
  const response = await fetch(`${url}/__emulator/journal${query}`);
  return {
    status: response.status,
    body: (await response.json()) as { entries: Array<Record<string, unknown>> },
  };
};

describe('a contract verdict on every journal entry', () => {
  const emu = useEmulator({ journalBodies: true });

  it('names the field a Nova 2.6 remote-consoles body leaves out, beside Nova’s own answer', async () => {
    const token = await iamToken(emu.current.url);
    const response = await nova(emu.current.url, consolesPath(demo.active), {
      token,
      version: '2.6',
      body: { remote_console: { type: 'novnc' } },
    });
    expect(response.status).toBe(400);
    const entry = emu.current.emulator.journal.last();
    expect(entry?.operation).toBe('remoteConsoles');
    expect(entry?.verdict.ok).toBe(false);
    expect(entry?.verdict.violations).toContainEqual(
      expect.objectContaining({ path: 'body.remote_console.protocol', kind: 'contract violation' }),
    );
    expect(entry?.verdict.violations[0]).toMatchObject({
      path: '',
      kind: 'contract violation',
      error: { key: 'ValidationError', code: 'badRequest' },
    });
    expect(entry?.verdict.violations[0]?.message).toContain("'protocol' is a required property");
  });

  it('finds a conforming request ok, its answer checked against the response contract too', async () => {
    const token = await iamToken(emu.current.url);
    const response = await nova(emu.current.url, consolesPath(demo.active), {
      token,
      version: '2.6',
      body: { remote_console: { protocol: 'vnc', type: 'novnc' } },
    });
    expect(response.status).toBe(200);
    expect(emu.current.emulator.journal.last()?.verdict).toEqual({ ok: true, violations: [] });
  });

  it('filters the journal with ?verdict=violation (and ok), and refuses any other value', async () => {
    const violations = await journal(emu.current.url, '?verdict=violation');
    expect(violations.status).toBe(200);
    expect(violations.body.entries.map((e) => e.operation)).toEqual(['remoteConsoles']);
    expect(violations.body.entries.every((e) => (e.verdict as { ok: boolean }).ok === false)).toBe(true);
    const ok = await journal(emu.current.url, '?verdict=ok');
    expect(ok.body.entries.map((e) => e.operation)).toEqual(['createToken', 'createToken', 'remoteConsoles']);
    const bad = await journal(emu.current.url, '?verdict=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('blames an unknown path on no provider', async () => {
    await fetch(`${emu.current.url}/nowhere/at/all`);
    expect(emu.current.emulator.journal.last()?.verdict).toEqual({
      ok: false,
      violations: [
        { path: '', message: 'no provider serves GET /nowhere/at/all', kind: 'unknown operation' },
      ],
    });
  });

  it('names a missing HPC login header by name', async () => {
    await fetch(`${emu.current.url}/ac/openapi/v2/tokens`, {
      method: 'POST',
      headers: { user: 'demo', password: 'demo-password' },
    });
    const violations = emu.current.emulator.journal.last()?.verdict.violations;
    expect(violations).toContainEqual({
      path: 'header.orgId',
      message: 'required',
      kind: 'contract violation',
    });
  });
});

describe('the self-check: every documented success answers inside its response contract', () => {
  const emu = useEmulator({ journalBodies: true });

  for (const provider of ['huawei', 'aliyun', 'hpc'] as ProviderName[]) {
    it(`holds for ${provider}`, async () => {
      const driver = createDriver(provider, emu.current.url, demoCredentials[provider]);
      const successes = contractCases[provider].filter((c) => c.expect === 'success');
      expect(successes.length).toBeGreaterThan(2);
      for (const c of successes) {
        const before = emu.current.emulator.journal.last()?.seq ?? 0;
        const answer = await driver.send(c);
        expect(answer.status, `${c.operation}: ${c.title}`).toBe(
          operation(`${provider}.${c.operation}`).success.status,
        );
        const entries = emu.current.emulator.journal.since(before).filter((e) => e.operation === c.operation);
        expect(entries.length, c.title).toBeGreaterThan(0);
        for (const entry of entries)
          expect(entry.verdict, `${c.operation}: ${c.title}`).toEqual({ ok: true, violations: [] });
      }
    });
  }
});

describe('in-process users', () => {
  it('see the verdict on emulator.journal', async () => {
    const emulator = createEmulator();
    await emulator.fetch(new Request('http://emulator.test/ac/openapi/v2/tokens', { method: 'POST' }));
    const entry = emulator.journal.last();
    expect(entry?.verdict.ok).toBe(false);
    expect(entry?.verdict.violations.map((v) => v.path)).toEqual([
      '',
      'header.user',
      'header.password',
      'header.orgId',
    ]);
    expect(emulator.journal.list({ verdict: 'violation' })).toEqual([entry]);
  });
});
