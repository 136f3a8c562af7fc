import type { JournalEntry } from '../emulator/journal.ts';
import { Memo } from '../emulator/memo.ts';

export const LOG_FORMATS = ['pretty', 'json', 'off'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const twoDigits = (n: number) => String(n).padStart(2, '0');
/** The last second `clockTime` wrote, and how: under load, thousands of lines a second share it. */
let lastSecond = Number.NaN;
let lastClock = '';
/** `HH:MM:SS` of an emulator-clock time, in the terminal's time zone. */
function clockTime(time: number): string {
  // Time zone offsets are whole seconds, so every instant of one epoch second reads the same local second.
  const second = Math.floor(time / 1000);
  if (second !== lastSecond) {
    const at = new Date(time);
    lastClock = `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}:${twoDigits(at.getSeconds())}`;
    lastSecond = second;
  }
  return lastClock;
}

const PATH_WIDTH = 48;
/**
 * A long path keeps its first segment and as many of its last as fit, the ids between elided:
 * `/v2.1/…/remote-consoles`. The json format keeps the whole path.
 */
function shortPath(path: string): string {
  if (path.length <= PATH_WIDTH) return path;
  return shortPaths.get(path, () => elidePath(path));
}

/** The long paths shortened lately: a client asks for the same few paths again and again. */
const shortPaths = new Memo<string, string>(64);

function elidePath(path: string): string {
  const segments = path.split('/');
  const elided = (from: number) => `/${segments[1]}/…/${segments.slice(from).join('/')}`;
  let from = segments.length - 1;
  while (from > 2 && elided(from - 1).length <= PATH_WIDTH) from--;
  return from > 2 ? elided(from) : path;
}

/** One line of the pretty format: `16:31:44 POST /v2.1/…/remote-consoles 200 <provider>.remoteConsoles 1.4 ms ✓`. */
function prettyLine(entry: JournalEntry): string {
  const first = entry.verdict.violations[0];
  const verdict =
    entry.verdict.ok || !first ? '✓' : `✗ ${first.path ? `${first.path}: ` : ''}${first.message}`;
  return `${clockTime(entry.time)} ${entry.method} ${shortPath(entry.path)} ${entry.status} ${entry.provider}.${entry.operation}${entry.code ? ` ${entry.code}` : ''} ${entry.latencyMs.toFixed(1)} ms ${verdict}`;
}

/** One object of the json format: the journal's fields, none of which holds a secret. */
function jsonLine(entry: JournalEntry): string {
  return JSON.stringify({
    time: new Date(entry.time).toISOString(),
    method: entry.method,
    path: entry.path,
    status: entry.status,
    provider: entry.provider,
    operation: entry.operation,
    ...(entry.credential ? { credential: entry.credential } : {}),
    ...(entry.code ? { code: entry.code } : {}),
    ms: entry.latencyMs,
    verdict: entry.verdict,
  });
}

/** How long a log line may wait for others to go out with it, and how much text may wait. */
const BATCH_MS = 20;
const BATCH_BYTES = 16 * 1024;

/**
 * A journal listener (`entry`) that writes one line per request through `write`, the lines of up to 20 ms (or
 * 16 Ki characters) at a time: under load one write, a system call on a pipe and a wake-up of whoever reads it, per
 * batch rather than per request or per turn of the event loop. `flush` writes what waits at once: before the
 * emulator's own lines, and at exit.
 */
export function requestLog(
  format: Exclude<LogFormat, 'off'>,
  write: (text: string) => void,
): { entry(entry: JournalEntry): void; flush(): void } {
  const line = format === 'json' ? jsonLine : prettyLine;
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  return {
    entry(entry) {
      pending += `${line(entry)}\n`;
      if (pending.length >= BATCH_BYTES) flush();
      // Unreferenced: a line waiting never keeps the process alive; `flush` at exit writes it.
      else timer ??= setTimeout(flush, BATCH_MS).unref();
    },
    flush,
  };
}
