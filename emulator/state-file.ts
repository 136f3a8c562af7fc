import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { reasonOf } from './file-errors.ts';
import type { Provider } from './provider.ts';
import {
  restoreProviders,
  type Snapshot,
  SnapshotError,
  temporaryPath,
  writeFileAtomic,
} from './snapshot.ts';

/** A `--state-file` the emulator cannot start with; the message is what the command line prints. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }

  /** One line naming the path and the reason. */
  static unwritable(file: string, error: unknown): StateFileError {
    return new StateFileError(`cannot write --state-file ${file}: ${reasonOf(error)}`);
  }

  /** Every problem of its content as `file: path: problem`, as scenario files are reported. */
  static invalid(file: string, problems: readonly string[]): StateFileError {
    return new StateFileError(`invalid --state-file\n${problems.map((p) => `${file}: ${p}`).join('\n')}`);
  }
}

/** What the state file needs of its emulator. */
export interface PersistedEmulator {
  readonly providers: readonly Provider[];
  snapshot(): Snapshot;
  restore(snapshot: unknown): void;
}

/**
 * Temporary files `<file>.<pid>.tmp` that an earlier run left behind (killed between write and rename): those
 * of this process id (a container restarts with the same one) and of ids no process has any more. A live
 * process's is left alone: it may be another emulator writing the same file.
 */
function removeStrayTemporaries(file: string): void {
  const name = basename(file);
  const folder = dirname(file);
  for (const entry of readdirSync(folder)) {
    if (!entry.startsWith(`${name}.`) || !entry.endsWith('.tmp')) continue;
    const pid = Number(entry.slice(name.length + 1, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || entry !== basename(temporaryPath(file, pid))) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(folder, entry), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The emulator's `--state-file`: read and checked at start, saved completely or not at all after every change.
 * A change that cannot be saved is undone in memory (back to what the file holds) and its request is refused,
 * so nothing is acknowledged that is not saved; the next change saves again once the cause is gone.
 */
export class StateFile {
  /** Each provider's state as the file holds it (JSON), what an undo goes back to. */
  #saved: string;
  /** How many changes were undone: a request in flight across an undo may have seen or made one of them. */
  #undone = 0;
  /** The reason saving fails, while it does: reported once, not for every refused request. */
  #failing: string | undefined;

  private constructor(
    readonly path: string,
    private readonly emulator: PersistedEmulator,
  ) {
    this.#saved = JSON.stringify(emulator.snapshot().providers);
  }

  /**
   * Checks that `path` can be written (throws `StateFileError.unwritable`), removes stray temporary files of
   * earlier runs, and restores the emulator from the file when it exists (throws `StateFileError.invalid` for a
   * file that does not fit: not JSON, not a snapshot, a provider missing or unknown, duplicate ids, a bad field).
   */
  static open(path: string, emulator: PersistedEmulator): StateFile {
    let exists = false;
    try {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      exists = stat !== undefined;
      const probe = temporaryPath(path);
      closeSync(openSync(probe, 'w', 0o600));
      rmSync(probe, { force: true });
      removeStrayTemporaries(path);
    } catch (error) {
      throw StateFileError.unwritable(path, error);
    }
    if (exists) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        throw StateFileError.invalid(path, [
          code ? `cannot read: ${reasonOf(error)}` : `not valid JSON: ${(error as Error).message}`,
        ]);
      }
      try {
        emulator.restore(value);
      } catch (error) {
        if (error instanceof SnapshotError) throw StateFileError.invalid(path, error.problems);
        throw error;
      }
    }
    return new StateFile(path, emulator);
  }

  /** What a request notes as it starts, for `settle`. */
  mark(): number {
    return this.#undone;
  }

  /**
   * After a request: saves what changed. False when its answer must not be given: the save failed (and was
   * undone), or another request's failed save undid changes while this one was in flight.
   */
  settle(mark: number): boolean {
    return this.save() && this.#undone === mark;
  }

  /** Saves the state if it changed since the last save; on failure undoes the change and returns false. */
  save(): boolean {
    const snapshot = this.emulator.snapshot();
    // The clock moves on its own; only a change of resources, credentials or tokens is worth a write.
    const state = JSON.stringify(snapshot.providers);
    if (state === this.#saved) return true;
    try {
      writeFileAtomic(this.path, JSON.stringify(snapshot));
    } catch (error) {
      this.#undone++;
      restoreProviders(this.emulator.providers, JSON.parse(this.#saved));
      const reason = reasonOf(error);
      if (this.#failing !== reason)
        console.error(
          `console-emulator: cannot save --state-file ${this.path}: ${reason}; changes are undone and refused until it can be saved`,
        );
      this.#failing = reason;
      return false;
    }
    this.#saved = state;
    if (this.#failing !== undefined)
      console.error(`console-emulator: --state-file ${this.path} is saved again`);
    this.#failing = undefined;
    return true;
  }
}
