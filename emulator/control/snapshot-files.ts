import { lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SNAPSHOT_FORMAT, writeFileAtomic } from '../snapshot.ts';
import { ControlInputError } from './input.ts';

/** Where snapshots go when neither `--snapshot-dir` nor `--state-file` says: beside the project. */
export const DEFAULT_SNAPSHOT_DIR = '.console-emulator/snapshots';

/** The snapshot folder: `snapshotDir`, else the state file's folder, else `./.console-emulator/snapshots/`. */
export function snapshotFolder(options: { snapshotDir?: string; stateFile?: string }): string {
  return resolve(
    options.snapshotDir ?? (options.stateFile ? dirname(options.stateFile) : DEFAULT_SNAPSHOT_DIR),
  );
}

const inside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * The snapshot files of one folder, as `{"file": NAME}` names them. The control API may be driven by
 * anything that reaches it, so a name never reaches outside the folder: absolute paths, `..` and symbolic
 * links that lead out are refused alike, before the file system is asked about them, so an answer never
 * tells whether a path outside exists.
 */
export class SnapshotFiles {
  constructor(readonly folder: string) {}

  /** NAME's path in the folder; the refusal is the same for every name that leads out. */
  #path(name: unknown): string {
    if (typeof name !== 'string' || name === '') throw new ControlInputError('file: must be a file name');
    const path = resolve(this.folder, name);
    if (isAbsolute(name) || name.includes('\0') || !inside(this.folder, path)) {
      throw new ControlInputError(
        `file: must name a file inside the snapshot folder ${this.folder} (no absolute path, no "..")`,
      );
    }
    return path;
  }

  /**
   * Refuses a path whose real location (after symbolic links) is outside the folder, with `#path`'s words:
   * the nearest part of it that exists is resolved, so a link to a folder outside is caught even when the
   * file in it does not exist (its absence would otherwise be told).
   */
  #stayInside(path: string, name: string): void {
    let folder: string;
    try {
      folder = realpathSync(this.folder);
    } catch {
      return;
    }
    for (let part = path; part !== this.folder && part !== dirname(part); part = dirname(part)) {
      let real: string;
      try {
        real = realpathSync(part);
      } catch {
        continue;
      }
      if (!inside(folder, real)) this.#path(`../${name}`);
      return;
    }
  }

  /** Writes a snapshot as NAME, never over a file that is not a snapshot; returns where it went. */
  write(name: unknown, text: string): string {
    const path = this.#path(name);
    if (dirname(path) === this.folder) mkdirSync(this.folder, { recursive: true });
    this.#stayInside(path, name as string);
    const existing = lstatOrUndefined(path);
    if (existing && !(existing.isFile() && isSnapshot(path))) {
      throw new ControlInputError(
        `file: ${name as string} exists and is not a console-emulator snapshot; it is left as it is`,
      );
    }
    try {
      writeFileAtomic(path, text);
    } catch (error) {
      throw new ControlInputError(`file: cannot write ${name as string}: ${errorCode(error)}`);
    }
    return path;
  }

  /** Reads NAME as JSON. */
  read(name: unknown): unknown {
    const path = this.#path(name);
    this.#stayInside(path, name as string);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ControlInputError(`file: cannot read ${name as string}: ${errorCode(error)}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ControlInputError(`file: ${name as string} is not JSON`);
    }
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether a file holds an emulator snapshot (what a write may replace). */
function isSnapshot(path: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return (
      typeof value === 'object' && value !== null && 'format' in value && value.format === SNAPSHOT_FORMAT
    );
  } catch {
    return false;
  }
}

const errorCode = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
