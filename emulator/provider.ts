import type { Faker } from '@faker-js/faker';
import type { Catalogue, ProviderName } from '../contracts/catalogue.ts';
import type { Scenario, ScenarioInput } from '../contracts/scenario.ts';
import type { Clock } from './clock.ts';
import type { Collection } from './collections.ts';
import type { ConsoleProxy } from './console/target.ts';
import type { FaultPoint } from './faults.ts';
import type { RequestRecord } from './journal.ts';
import type { Answer } from './pipeline/answer.ts';
import type { Call } from './pipeline/call.ts';

/** What every provider gets from the emulator it lives in. */
export interface EmulatorContext {
  clock: Clock;
  /** The base written into links and console URLs: `--public-url`, or the request's own origin. */
  publicUrl(call: Call): string;
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
  /** The banner's one line for it: the URL a client is pointed at and the scenario's first login, in brief. */
  quickStart: { url: string; login: string };
  endpoints: Array<{ method: string; path: string; what: string }>;
  credentials: Array<Record<string, string>>;
  resources: Array<Record<string, string>>;
}

/**
 * The names under which a provider's requests and answers carry credentials, for the journal to show as `***`.
 * Names containing `password` or `secret`, the fields `signature` and `token`, and the `Authorization` and cookie
 * headers are hidden for every provider without being listed. Names match in any case.
 */
export interface ProviderSecrets {
  /** Request and response headers. */
  headers?: readonly string[];
  /** Query, form, JSON and XML fields. */
  fields?: readonly string[];
  /** Query parameters of the console URLs the provider answers: hidden wherever such a URL appears. */
  urlParams?: readonly string[];
}

/** One provider mounted in the emulator: it claims its requests and answers them in its own shapes. */
export interface Provider<State = unknown> {
  readonly name: ProviderName;
  readonly state: State;
  /** The provider's error catalogue (fault rules name its entries). */
  readonly catalogue?: Catalogue;
  /** Whether this request is this provider's (paths do not collide; `/` is shared by parameters). */
  owns(call: Call): boolean;
  /**
   * Answers the call: its gateway (`emulator/pipeline/gateway.ts`) runs the provider's steps in its order and
   * fills `call.record` with operation, credential and error code for the journal; at once when every step
   * is synchronous.
   */
  handle(call: Call): Answer | Promise<Answer>;
  /**
   * The provider's own "service unavailable" answer, given instead of `answer` when the change behind it could
   * not be saved to the state file (and was undone); fills `record.code` as `handle` does.
   */
  unavailable(call: Call, record: RequestRecord, answer: Answer): Answer;
  summary(baseUrl: string): ProviderSummary;
  /** Resources and credentials the control API may add, change and remove, by collection name. */
  readonly collections?: Readonly<Record<string, Collection>>;
  /** The whole state as JSON-ready data (resources, credentials, live tokens) … */
  snapshot?(): unknown;
  /** … and back; throws on data that does not fit. */
  restore?(data: unknown): void;
  /** Its console proxy: websocket admission, console pages, the tokens the dashboard lists. */
  readonly console?: ConsoleProxy<State>;
  /**
   * Its answer to a request whose head (request line and headers) is over the listener's limit, found by
   * `owns` from the request line or by `ownsHead`; the control API's 431 for a provider without one.
   */
  headTooLarge?(head: OversizedHead): Answer;
  /** Whether an oversized head is this provider's by what its headers show (checked before `owns`). */
  ownsHead?(head: string): boolean;
}

/** A request head over the listener's limit, as far as it arrived. */
export interface OversizedHead {
  /** The bytes read, as latin1. */
  text: string;
  /** The request line's target. */
  url: URL;
  /** The limit, bytes. */
  limit: number;
  /** A fresh UUID for the answer's request id, in whatever form the provider writes it. */
  requestId: string;
}

/**
 * A provider as registered in `providers/index.ts`, before any scenario: how to build it, and what the core
 * shows of it and needs from it wherever no emulator is running yet (MSW's hosts, the demo, `--help`).
 */
export interface ProviderModule<Name extends ProviderName = ProviderName, State = unknown> {
  readonly name: Name;
  /** Its short name where space is scarce (the dashboard's provider column). */
  readonly label: string;
  /** What it emulates, for `--help`. */
  readonly help: string;
  /** A command line that talks to it, for `--help`'s example. */
  readonly example?: string;
  /** Its real API hosts, as its SDKs and docs name them: MSW answers these in-process. */
  readonly hosts: readonly RegExp[];
  /**
   * The same hosts as names a certificate can carry (`hosts` are patterns), for the one `--tls` makes: a client
   * whose hosts file or proxy sends a real hostname to the emulator keeps its default `https://` endpoint. A
   * `*.` name covers one label, as in any certificate.
   */
  readonly certificateHosts: readonly string[];
  /** Its part of the built-in demo scenario. */
  readonly demo: NonNullable<ScenarioInput[Name]>;
  /** Fills in what a hand-written scenario may leave out (ids, hosts); the faker is seeded. */
  fill?(part: Record<string, unknown>, faker: Faker): void;
  /** Where its credentials travel, beyond the names every provider shares: the journal shows them as `***`. */
  readonly secrets?: ProviderSecrets;
  /** Builds it from its part of the scenario, validated (defaults in place) and its own to keep. */
  create(part: NonNullable<Scenario[Name]>, ctx: EmulatorContext): Provider<State>;
}
