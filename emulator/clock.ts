/**
 * The one clock of an emulator instance. Everything the emulator issues (console URLs, identity tokens,
 * sessions) ages on `now()`, so `advance('11m')` makes a URL expire without fake timers: real time plus an
 * offset, or a fixed instant while frozen. A request's own freshness (a signed date, a nonce) is judged on
 * `realNow()` instead, the host's time its client signed with, so moving the emulator clock never breaks a
 * correctly signed call. Nothing else reads `Date.now()`.
 */
export interface Clock {
  /** Milliseconds since the epoch, on the emulator clock. */
  now(): number;
  /** Milliseconds since the epoch, real time: what clients sign with, whatever the emulator clock says. */
  realNow(): number;
  advance(by: number | string): number;
  set(epochMs: number | string): number;
  freeze(): number;
  resume(): number;
  /** How far the clock is from real time (ms); while frozen, as of now. */
  readonly offset: number;
  /** Back to real time: no offset, not frozen. */
  reset(): number;
  readonly frozen: boolean;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `"11m"`, `"1h30m"`, `"15s"`, `"250ms"` or a plain number of milliseconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite duration: ${value}`);
    return value;
  }
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new RangeError(
      `not a duration: "${value}" (use e.g. "11m", "1h30m", "15s", "250ms" or milliseconds)`,
    );
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0);
}

/** The largest instant a JavaScript Date can hold (±8.64e15 ms); the clock refuses to go beyond it. */
const MAX_INSTANT = 8.64e15;

function checkInstant(ms: number): number {
  if (!(Math.abs(ms) <= MAX_INSTANT))
    throw new RangeError(`the clock cannot go beyond ±8.64e15 ms (got ${ms})`);
  return ms;
}

export function createClock(
  options: { start?: number | string; frozen?: boolean; wall?: () => number } = {},
): Clock {
  const wall = options.wall ?? (() => Date.now());
  let offset = 0;
  let frozenAt: number | undefined;
  const now = () => frozenAt ?? wall() + offset;
  const clock: Clock = {
    now,
    realNow: wall,
    advance(by) {
      const ms = parseDuration(by);
      checkInstant(now() + ms);
      if (frozenAt !== undefined) frozenAt += ms;
      else offset += ms;
      return now();
    },
    set(at) {
      const target = typeof at === 'number' ? at : Date.parse(at);
      if (!Number.isFinite(target)) throw new RangeError(`not a time: ${String(at)}`);
      checkInstant(target);
      if (frozenAt !== undefined) frozenAt = target;
      else offset = target - wall();
      return now();
    },
    freeze() {
      frozenAt ??= now();
      return frozenAt;
    },
    resume() {
      if (frozenAt !== undefined) {
        offset = frozenAt - wall();
        frozenAt = undefined;
      }
      return now();
    },
    reset() {
      offset = 0;
      frozenAt = undefined;
      return now();
    },
    get offset() {
      return now() - wall();
    },
    get frozen() {
      return frozenAt !== undefined;
    },
  };
  // Freeze first, so a frozen clock starts exactly at `start` (setting first would let real time slip in).
  if (options.frozen) clock.freeze();
  if (options.start !== undefined) clock.set(options.start);
  return clock;
}
