import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { ProviderName } from '../contracts/catalogue.ts';
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

export class SnapshotError extends Error {}

/** The whole state of an emulator: its clock and each provider's resources, credentials and live tokens. */
export function takeSnapshot(clock: Clock, providers: readonly Provider[]): Snapshot {
  const data: Record<string, unknown> = {};
  for (const p of providers) if (p.snapshot) data[p.name] = p.snapshot();
  return {
    format: SNAPSHOT_FORMAT,
    clock: { now: clock.now(), offset: clock.offset, frozen: clock.frozen },
    providers: data,
  };
}

/** Puts a snapshot back: a frozen clock at its instant, a running one at its offset from real time. */
export function restoreSnapshot(clock: Clock, providers: readonly Provider[], value: unknown): void {
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success)
    throw new SnapshotError(
      `not a ${SNAPSHOT_FORMAT} document: ${describeIssues(parsed.error.issues, value)}`,
    );
  const snapshot = parsed.data;
  for (const name of Object.keys(snapshot.providers)) {
    const provider = providers.find((p) => p.name === (name as ProviderName));
    if (!provider?.restore)
      throw new SnapshotError(`the snapshot has provider "${name}", which this emulator does not serve`);
    try {
      provider.restore(snapshot.providers[name]);
    } catch (error) {
      const detail =
        error instanceof z.ZodError
          ? describeIssues(error.issues, snapshot.providers[name])
          : (error as Error).message;
      throw new SnapshotError(`provider "${name}": ${detail}`);
    }
  }
  clock.reset();
  if (snapshot.clock.frozen) {
    clock.set(snapshot.clock.now);
    clock.freeze();
  } else clock.advance(snapshot.clock.offset);
}

/** Write then rename (after fsync), so the file is always a whole snapshot, even after `kill -9`. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export function readSnapshotFile(path: string): unknown | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}
