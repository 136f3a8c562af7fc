import type { ProviderName } from '../contracts/catalogue.ts';

/** One request as the emulator saw and answered it. */
export interface JournalEntry {
  seq: number;
  /** Emulator-clock time the request arrived (ms since epoch). */
  time: number;
  provider: ProviderName | 'emulator';
  /** The provider's own name for the operation, e.g. `remoteConsoles`, `DescribeInstanceVncUrl`. */
  operation: string;
  method: string;
  path: string;
  /** The credential the request presented: project, AccessKey or user. */
  credential?: string;
  status: number;
  /** The provider's error code when the answer is an error. */
  code?: string;
  latencyMs: number;
  requestId?: string;
}

/** What a provider learns about a request while handling it; the app turns it into a journal entry. */
export interface RequestRecord {
  provider: ProviderName | 'emulator';
  operation: string;
  credential?: string;
  code?: string;
  requestId?: string;
}

export interface JournalFilter {
  provider?: string;
  operation?: string;
  status?: number;
  code?: string;
}

/** A bounded ring of the most recent requests (oldest dropped first). */
export class Journal {
  readonly #entries: JournalEntry[] = [];
  #seq = 0;

  constructor(readonly limit = 1000) {}

  add(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = { ...entry, seq: ++this.#seq };
    this.#entries.push(full);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
    return full;
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.#entries.filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.operation === undefined || e.operation === filter.operation) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.code === undefined || e.code === filter.code),
    );
  }

  last(): JournalEntry | undefined {
    return this.#entries.at(-1);
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
