import type { CatalogueEntry, ProviderName } from '../contracts/catalogue.ts';
import { OK, type Verdict } from './verdict.ts';

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
  /** Whether the request followed its operation's contract, and each way it did not. */
  verdict: Verdict;
}

/** What a provider learns about a request while handling it; the app turns it into a journal entry. */
export interface RequestRecord {
  provider: ProviderName | 'emulator';
  operation: string;
  credential?: string;
  code?: string;
  requestId?: string;
  /** The catalogue error the provider answered with, and its message as answered. */
  error?: { entry: CatalogueEntry; message: string };
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
  /** `violation`: requests that broke their contract; `ok`: the others. */
  verdict?: 'ok' | 'violation';
}

/** A bounded ring of the most recent requests (oldest dropped first). */
export class Journal {
  /** A circular buffer: slot `seq % limit` holds entry `seq` while it is among the last `limit`. */
  readonly #ring: Array<JournalEntry | undefined>;
  /** Held by entry, so an exchange goes when its entry leaves the ring. */
  readonly #exchanges = new WeakMap<JournalEntry, Exchange>();
  /** The console credentials each answer carried, which its exchange shows as `***`. */
  readonly #credentials = new WeakMap<JournalEntry, ReadonlySet<string>>();
  readonly #listeners = new Set<(entry: JournalEntry) => void>();
  /** The listeners that want exchanges kept (see `watched`). */
  readonly #watchers = new Set<(entry: JournalEntry) => void>();
  /** The last sequence number given out; entries `#first..#seq` are in the ring. */
  #seq = 0;
  #first = 1;

  constructor(readonly limit = 1000) {
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new RangeError(`journal limit ${limit}: a whole number, 0 to keep none`);
    this.#ring = new Array(limit);
  }

  /** Adds an entry; one added without a verdict (no contract to judge it by) is `ok`. */
  add(entry: Omit<JournalEntry, 'seq' | 'verdict'> & { verdict?: Verdict }): JournalEntry {
    const full = entry as JournalEntry;
    full.verdict ??= OK;
    full.seq = ++this.#seq;
    if (this.limit > 0) this.#ring[full.seq % this.limit] = full;
    if (full.seq - this.#first >= this.limit) this.#first = full.seq - this.limit + 1;
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  /**
   * Calls `listener` with every entry added from now on (it must not throw); returns the unsubscribe. A
   * listener that `watches` (the default, as the dashboard does) has the exchanges kept while it listens; one
   * that only prints the entries, as the terminal's request log, passes `{ watches: false }`.
   */
  subscribe(listener: (entry: JournalEntry) => void, { watches = true } = {}): () => void {
    this.#listeners.add(listener);
    if (watches) this.#watchers.add(listener);
    return () => {
      this.#listeners.delete(listener);
      this.#watchers.delete(listener);
    };
  }

  /** Whether anything that wants the exchanges follows new entries (an open dashboard does). */
  get watched(): boolean {
    return this.#watchers.size > 0;
  }

  /** The entry with this sequence number, while it is in the ring. */
  get(seq: number): JournalEntry | undefined {
    if (!Number.isInteger(seq) || seq < this.#first || seq > this.#seq) return undefined;
    return this.#ring[seq % this.limit];
  }

  /** Entries after sequence number `seq`, oldest first. */
  since(seq: number): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (let n = Math.max(this.#first, Math.floor(seq) + 1); n <= this.#seq; n++)
      entries.push(this.#ring[n % this.limit] as JournalEntry);
    return entries;
  }

  /** Keeps the captured request and answer of an entry (they arrive after it: the body is read on the side). */
  attach(entry: JournalEntry, exchange: Exchange, credentials?: ReadonlySet<string>): void {
    this.#exchanges.set(entry, exchange);
    if (credentials?.size) this.#credentials.set(entry, credentials);
  }

  /** Whether the answer of this entry carried this console credential (kept while its exchange is). */
  carried(entry: JournalEntry, credential: string): boolean {
    return this.#credentials.get(entry)?.has(credential) ?? false;
  }

  exchange(entry: JournalEntry): Exchange | undefined {
    return this.#exchanges.get(entry);
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.since(0).filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.operation === undefined || e.operation === filter.operation) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.code === undefined || e.code === filter.code) &&
        (filter.verdict === undefined || e.verdict.ok === (filter.verdict === 'ok')),
    );
  }

  last(): JournalEntry | undefined {
    return this.get(this.#seq);
  }

  /** Forgets every entry; sequence numbers go on from where they were. */
  clear(): void {
    this.#ring.fill(undefined);
    this.#first = this.#seq + 1;
  }
}
