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

/** One side of an exchange as the journal keeps it: headers with secrets redacted, the start of the body. */
export interface CapturedMessage {
  headers: Record<string, string>;
  /** The body as text (secrets redacted), at most `EXCHANGE_BODY_LIMIT` bytes of it. */
  body: string;
  /** Whether the body went on past what was kept. */
  truncated: boolean;
}

/** The request and the answer behind a journal entry (see `exchange.ts`); no answer when the connection broke. */
export interface Exchange {
  request: CapturedMessage & { method: string; url: string };
  response?: CapturedMessage & { status: number };
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
  /** Held by entry, so an exchange goes when its entry leaves the ring. */
  readonly #exchanges = new WeakMap<JournalEntry, Exchange>();
  readonly #listeners = new Set<(entry: JournalEntry) => void>();
  #seq = 0;

  constructor(readonly limit = 1000) {}

  add(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = { ...entry, seq: ++this.#seq };
    this.#entries.push(full);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /** Calls `listener` with every entry added from now on (it must not throw); returns the unsubscribe. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether anything follows new entries (an open dashboard does). */
  get watched(): boolean {
    return this.#listeners.size > 0;
  }

  /** The entry with this sequence number, while it is in the ring. */
  get(seq: number): JournalEntry | undefined {
    // Sequence numbers in the ring are consecutive.
    const first = this.#entries[0]?.seq ?? 0;
    return this.#entries[seq - first];
  }

  /** Entries after sequence number `seq`, oldest first. */
  since(seq: number): JournalEntry[] {
    const first = this.#entries[0]?.seq ?? 0;
    return this.#entries.slice(Math.max(0, seq + 1 - first));
  }

  /** Keeps the captured request and answer of an entry (they arrive after it: the body is read on the side). */
  attach(entry: JournalEntry, exchange: Exchange): void {
    this.#exchanges.set(entry, exchange);
  }

  exchange(entry: JournalEntry): Exchange | undefined {
    return this.#exchanges.get(entry);
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
