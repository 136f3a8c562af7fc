import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../emulator/clock.ts';
import {
  type ConsoleKind,
  type ConsoleToken,
  ConsoleTokens,
} from '../../emulator/providers/huawei/console-tokens.ts';

const kind: ConsoleKind = {
  serverId: 'server-1',
  projectId: 'project-1',
  protocol: 'vnc',
  type: 'novnc',
  api: 'remote-consoles',
  urlParts: ['http://emulator.test/vnc_auto.html?token=', '&lang=EN'],
};

const setup = (sweepEveryMs = 1000) => {
  const clock = createClock({ start: 0, frozen: true });
  return { clock, tokens: new ConsoleTokens(clock, sweepEveryMs) };
};

describe('ConsoleTokens', () => {
  it('reads a token back as the record it stands for, its URL written around it', () => {
    const { tokens } = setup();
    tokens.issue('t-1', kind, 10, 110);
    expect(tokens.get('t-1')).toEqual({
      token: 't-1',
      serverId: 'server-1',
      projectId: 'project-1',
      protocol: 'vnc',
      type: 'novnc',
      url: 'http://emulator.test/vnc_auto.html?token=t-1&lang=EN',
      api: 'remote-consoles',
      issuedAt: 10,
      expiresAt: 110,
    });
    expect(tokens.get('t-2')).toBeUndefined();
  });

  it('hides an expired token at once, keeps it until the next sweep, then drops it', () => {
    const { clock, tokens } = setup();
    tokens.issue('short', kind, 0, 100);
    tokens.issue('long', kind, 0, 5000);
    clock.advance(99);
    expect(tokens.get('short')).toBeDefined();
    clock.advance(1);
    expect(tokens.get('short')).toBeUndefined();
    expect(tokens.values().map((t) => t.token)).toEqual(['long']);
    expect(tokens.all().map((t) => t.token)).toEqual(['short', 'long']);
    expect(tokens.size).toBe(2);
    clock.advance(1000);
    tokens.issue('next', kind, 1100, 9000);
    expect(tokens.size).toBe(2);
    expect(tokens.all().map((t) => t.token)).toEqual(['long', 'next']);
    expect(tokens.sweep()).toBe(0);
  });

  it('marks a token used once, at its first use', () => {
    const { tokens } = setup();
    tokens.issue('t-1', kind, 0, 100);
    tokens.use('t-1', 7);
    tokens.use('t-1', 9);
    tokens.use('unknown', 9);
    expect(tokens.get('t-1')?.usedAt).toBe(7);
  });

  it('records a token again in its own place', () => {
    const { tokens } = setup();
    tokens.issue('a', kind, 0, 100);
    tokens.issue('b', kind, 0, 100);
    tokens.set('a', {
      ...(tokens.get('a') as ConsoleToken),
      serverId: 'server-2',
      issuedAt: 5,
      expiresAt: 200,
    });
    expect(tokens.all().map((t) => [t.token, t.serverId, t.expiresAt])).toEqual([
      ['a', 'server-2', 200],
      ['b', 'server-1', 100],
    ]);
  });

  it('round-trips the records of a snapshot, a URL without its token too', () => {
    const { tokens } = setup();
    tokens.issue('x', kind, 1, 500);
    const records: ConsoleToken[] = [
      { ...(tokens.get('x') as ConsoleToken), usedAt: 3 },
      {
        token: 'odd',
        serverId: 's',
        projectId: 'p',
        protocol: 'serial',
        type: 'serial',
        url: 'ws://elsewhere/',
        api: 'os-getVNCConsole',
        issuedAt: 2,
        expiresAt: 600,
      },
    ];
    const restored = setup().tokens;
    for (const record of records) restored.set(record.token, record);
    expect(restored.values()).toEqual(records);
    restored.clear();
    expect(restored.size).toBe(0);
    expect(restored.get('x')).toBeUndefined();
  });

  it('keeps many tokens through growth, sweeps and shrinking', () => {
    const { clock, tokens } = setup(1000);
    const issued: Array<{ token: string; expiresAt: number }> = [];
    for (let i = 0; i < 20_000; i++) {
      const token = randomUUID();
      // Every other token lives for half a second, the others for a minute.
      const expiresAt = clock.now() + (i % 2 ? 60_000 : 500);
      issued.push({ token, expiresAt });
      tokens.issue(token, kind, clock.now(), expiresAt);
      // Look-ups between issues, across growth and sweeps, find the newest token and an older live one.
      if (i % 997 === 0) {
        expect(tokens.get(token)?.token).toBe(token);
        const older = issued[Math.floor(i / 2)] as { token: string; expiresAt: number };
        expect(tokens.get(older.token)?.token).toBe(older.expiresAt > clock.now() ? older.token : undefined);
      }
      if (i % 1000 === 999) clock.advance(100);
    }
    const live = issued.filter((t) => t.expiresAt > clock.now()).map((t) => t.token);
    expect(tokens.values().map((t) => t.token)).toEqual(live);
    expect(
      issued.every((t) => tokens.get(t.token)?.token === (t.expiresAt > clock.now() ? t.token : undefined)),
    ).toBe(true);
    // The sweeps at one and two seconds dropped what had expired by then.
    expect(tokens.size).toBeLessThan(issued.length);
    clock.advance(60_000);
    const kept = tokens.size;
    expect(tokens.sweep()).toBe(kept);
    expect(tokens.size).toBe(0);
    tokens.issue('after', kind, clock.now(), clock.now() + 1);
    expect(tokens.get('after')?.token).toBe('after');
  });
});
