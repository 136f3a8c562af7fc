import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/app.ts';
import { createClock, parseDuration } from '../../emulator/clock.ts';
import { ExpiringMap } from '../../emulator/expiring.ts';
import type { JournalEntry } from '../../emulator/journal.ts';
import { useEmulator } from '../helpers.ts';

describe('the emulator clock', () => {
  it.each([
    ['11m', 660_000],
    ['1h30m', 5_400_000],
    ['15s', 15_000],
    ['250ms', 250],
    ['1d', 86_400_000],
    ['1500', 1500],
    [42, 42],
  ])('parses %j', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '11 minutes', 'm', '1x'])('refuses %j', (input) => {
    expect(() => parseDuration(input)).toThrow(/not a duration/);
  });

  it('advances, sets, freezes and resumes without touching real time', () => {
    let wall = 1_000_000;
    const clock = createClock({ wall: () => wall });
    expect(clock.now()).toBe(1_000_000);
    clock.advance('1m');
    expect(clock.now()).toBe(1_060_000);
    wall += 5;
    expect(clock.now()).toBe(1_060_005);
    clock.freeze();
    wall += 1000;
    expect(clock.now()).toBe(1_060_005);
    clock.advance(10);
    expect(clock.now()).toBe(1_060_015);
    clock.resume();
    wall += 1;
    expect(clock.now()).toBe(1_060_016);
    clock.set('2030-01-01T00:00:00Z');
    expect(clock.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });
});

describe('ExpiringMap', () => {
  it('hides expired entries at once and sweeps them later', () => {
    const clock = createClock({ start: 0, frozen: true });
    const map = new ExpiringMap<{ expiresAt: number }>(clock, 1000);
    map.set('a', { expiresAt: 100 });
    clock.advance(100);
    expect(map.get('a')).toBeUndefined();
    expect(map.peek('a')).toBeDefined();
    clock.advance(1000);
    map.set('b', { expiresAt: 5000 });
    expect(map.size).toBe(1);
  });

  it('answers a key looked up again from the entry it holds now: replaced, deleted, cleared or swept', () => {
    const clock = createClock({ start: 0, frozen: true });
    const map = new ExpiringMap<{ expiresAt: number; n: number }>(clock, 1000);
    map.set('a', { expiresAt: 100, n: 1 });
    expect(map.get('a')?.n).toBe(1);
    map.set('a', { expiresAt: 100, n: 2 });
    expect(map.get('a')?.n).toBe(2);
    map.delete('a');
    expect(map.peek('a')).toBeUndefined();
    map.set('a', { expiresAt: 100, n: 3 });
    expect(map.peek('a')?.n).toBe(3);
    map.clear();
    expect(map.peek('a')).toBeUndefined();
    map.set('a', { expiresAt: 100, n: 4 });
    expect(map.peek('a')?.n).toBe(4);
    clock.advance(100);
    expect(map.get('a')).toBeUndefined();
    map.sweep();
    expect(map.peek('a')).toBeUndefined();
  });
});

describe('createEmulator', () => {
  it('journals every request with provider, operation, status and code', async () => {
    const emulator = createEmulator();
    await emulator.fetch(new Request('http://emulator.test/v2.1/'));
    await emulator.fetch(new Request('http://emulator.test/v2.1/0a1b/nowhere'));
    const [versions, nowhere] = emulator.journal.list();
    expect(versions).toMatchObject({
      provider: 'huawei',
      operation: 'showVersion',
      method: 'GET',
      status: 200,
    });
    expect(nowhere).toMatchObject({ provider: 'huawei', operation: 'unknownPath', status: 401, code: '401' });
  });

  it('answers a path no provider serves with a JSON 404 naming it', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch(new Request('http://emulator.test/nothing/here'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      message: 'No provider serves GET /nothing/here',
    });
  });

  it('two emulators share nothing', async () => {
    const a = createEmulator();
    const b = createEmulator();
    a.clock.advance('1h');
    expect(Math.abs(b.clock.now() - Date.now())).toBeLessThan(1000);
    await a.fetch(new Request('http://emulator.test/v2.1/'));
    expect(b.journal.list()).toHaveLength(0);
  });
});

describe('the clock at the edge of time', () => {
  it('refuses to go beyond what a Date can hold, and stays where it was', () => {
    const clock = createClock({ start: 0, frozen: true });
    expect(() => clock.advance(9e15)).toThrow(RangeError);
    expect(() => clock.set(9e15)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
    expect(() => clock.set(8.64e15)).not.toThrow();
  });

  it('the control API answers such a request with 400, and keeps answering', async () => {
    const emulator = createEmulator();
    const advance = await emulator.fetch(
      new Request('http://emulator.test/__emulator/clock/advance', { method: 'POST', body: '{"by":9e15}' }),
    );
    expect(advance.status).toBe(400);
    expect((await emulator.fetch(new Request('http://emulator.test/__emulator/state'))).status).toBe(200);
  });
});

describe('console assets', () => {
  it('a malformed escape in an asset path is a 404, not a 500', async () => {
    const emulator = createEmulator();
    const response = await emulator.fetch(new Request('http://emulator.test/core/%E0%A4%A'));
    expect(response.status).toBe(404);
  });
});

describe('journal time', () => {
  // Years away from real time, so an entry stamped by the wall clock cannot pass for the emulator's.
  const emu = useEmulator({ clock: createClock({ start: '2031-05-06T07:08:09.000Z', frozen: true }) });
  const journal = async () =>
    ((await (await fetch(`${emu.current.url}/__emulator/journal`)).json()) as { entries: JournalEntry[] })
      .entries;

  it('is the emulator clock when the request arrived, as GET /__emulator/journal shows it', async () => {
    await fetch(`${emu.current.url}/v2.1/`);
    emu.current.emulator.clock.advance('90m');
    await fetch(`${emu.current.url}/v2.1/`);
    expect((await journal()).map((e) => e.time)).toEqual([
      Date.parse('2031-05-06T07:08:09.000Z'),
      Date.parse('2031-05-06T08:38:09.000Z'),
    ]);
  });
});
