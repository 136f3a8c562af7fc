import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import { describeIssues } from './issues.ts';
import type { Provider } from './provider.ts';

export const SNAPSHOT_FORMAT = 'console-emulator/snapshot@1';

export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  clock: z.object({ now: z.number(), offset: z.number(), frozen: z.boolean() }),
  providers: z.record(z.string(), z.unknown()),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** A snapshot that does not fit this emulator, with every problem as `path: problem`. */
export class SnapshotError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'SnapshotError';
  }
}

/** The whole state of an emulator: its clock and each provider's resources, credentials and live tokens. */
export function takeSnapshot(clock: Clock, providers: readonly Provider[]): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    clock: { now: clock.now(), offset: clock.offset, frozen: clock.frozen },
    providers: providersState(providers),
  };
}

/** Each provider's part of a snapshot, by name. */
export function providersState(providers: readonly Provider[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const p of providers) if (p.snapshot) data[p.name] = p.snapshot();
  return data;
}

/**
 * Puts every provider's part back, or none: when a part does not fit, all providers stay as they were and every
 * problem is reported. The parts must be exactly the providers this emulator serves; a missing one is never
 * refilled from the scenario.
 */
export function restoreProviders(providers: readonly Provider[], data: Record<string, unknown>): void {
  const served = providers.filter((p) => p.snapshot && p.restore).map((p) => p.name as string);
  const unknown = Object.keys(data).filter((name) => !served.includes(name));
  if (unknown.length > 0)
    throw new SnapshotError(
      unknown.map((name) => `the snapshot has provider "${name}", which this emulator does not serve`),
    );
  const before = providersState(providers);
  const problems: string[] = [];
  for (const provider of providers) {
    const { name } = provider;
    if (!provider.restore || !(name in data)) continue;
    try {
      provider.restore(data[name]);
    } catch (error) {
      if (!(error instanceof z.ZodError)) problems.push(`provider "${name}": ${(error as Error).message}`);
      else
        for (const issue of error.issues)
          problems.push(`provider "${name}": ${describeIssues([issue], data[name])}`);
    }
  }
  for (const name of served) {
    if (!(name in data))
      problems.push(
        `provider "${name}": missing (a snapshot holds every provider served: ${served.join(', ')})`,
      );
  }
  if (problems.length === 0) return;
  for (const p of providers) if (p.restore && p.name in before) p.restore(before[p.name]);
  throw new SnapshotError(problems);
}

/** Puts a snapshot back: a frozen clock at its instant, a running one at its offset from real time. */
export function restoreSnapshot(clock: Clock, providers: readonly Provider[], value: unknown): void {
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success)
    throw new SnapshotError([
      `not a ${SNAPSHOT_FORMAT} document: ${describeIssues(parsed.error.issues, value)}`,
    ]);
  const snapshot = parsed.data;
  restoreProviders(providers, snapshot.providers);
  clock.reset();
  if (snapshot.clock.frozen) {
    clock.set(snapshot.clock.now);
    clock.freeze();
  } else clock.advance(snapshot.clock.offset);
}

/** Where `writeFileAtomic` writes before the rename: `<path>.<pid>.tmp`. */
export const temporaryPath = (path: string, pid = process.pid) => `${path}.${pid}.tmp`;

/**
 * Writes `text` to `path` completely or not at all: every byte into a temporary file (a short write is
 * continued, never ignored), fsync, rename over `path`, fsync the folder so the rename itself is durable. On
 * any failure (ENOSPC, EACCES, EIO, …) `path` keeps its previous content, the temporary file is removed and the
 * error is thrown. The temporary file is readable by its owner only: a state holds credentials and live tokens.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = temporaryPath(path);
  const bytes = Buffer.from(text, 'utf8');
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w', 0o600);
    let written = 0;
    while (written < bytes.length) {
      const count = writeSync(fd, bytes, written, bytes.length - written);
      if (count <= 0) throw Object.assign(new Error(`${temporary}: write made no progress`), { code: 'EIO' });
      written += count;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}
