import type { Catalogue, ProviderName } from '../contracts/catalogue.ts';
import type { Clock } from './clock.ts';
import type { Collection } from './collections.ts';
import type { FaultPoint } from './faults.ts';
import type { RequestRecord } from './journal.ts';

/** What every provider gets from the emulator it lives in. */
export interface EmulatorContext {
  clock: Clock;
  /** The base written into links and console URLs: `--public-url`, or the request's own origin. */
  publicUrl(request: Request): string;
  /** Largest request body any provider reads; each provider answers a larger one in its own shape. */
  maxBodyBytes: number;
  /**
   * Fault injection: a provider calls this once it knows the operation and the credential. It may wait
   * (latency), throw the rule's `ProviderError` (render it as any other), or throw a `ConnectionFault`
   * (let it through: the transport breaks the connection).
   */
  faults: { apply(point: FaultPoint): Promise<void>; readonly armed: boolean };
}

/** The printable summary of a provider: endpoints, credentials, resources (printed by `npm start`). */
export interface ProviderSummary {
  title: string;
  endpoints: Array<{ method: string; path: string; what: string }>;
  credentials: Array<Record<string, string>>;
  resources: Array<Record<string, string>>;
}

/** One provider mounted in the emulator: it claims its requests and answers them in its own shapes. */
export interface Provider<State = unknown> {
  readonly name: ProviderName;
  readonly state: State;
  /** The provider's error catalogue (fault rules name its entries). */
  readonly catalogue?: Catalogue;
  /** Whether this request is this provider's (paths do not collide; `/` is shared with Alibaba RPC). */
  owns(request: Request, url: URL): boolean;
  /** Answers the request; fills `record` with operation, credential and error code for the journal. */
  handle(request: Request, record: RequestRecord): Promise<Response>;
  summary(baseUrl: string): ProviderSummary;
  /** Resources and credentials the control API may add, change and remove, by collection name. */
  readonly collections?: Readonly<Record<string, Collection>>;
  /** The whole state as JSON-ready data (resources, credentials, live tokens) … */
  snapshot?(): unknown;
  /** … and back; throws on data that does not fit. */
  restore?(data: unknown): void;
}
