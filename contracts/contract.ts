import type { z } from 'zod';
import type { Catalogue, CatalogueEntry, MessageParams } from './catalogue.ts';
import type { Blame, NamedSchema, OperationContract, Parameter } from './operation.ts';

/**
 * Everything the shared layers know of one provider, in one value: `contracts/<provider>/index.ts` exports it
 * and `contracts/providers.ts` lists it. The shared tables (provider names, the scenario schema, operations,
 * error bodies, blame), the OpenAPI generator, the contract kit and the typed clients' environment loop over
 * these values and never name a provider. Everything here is data or a pure function: no I/O.
 */
export interface ProviderContract<
  Name extends string = string,
  Part extends z.ZodType = z.ZodType,
  Operations extends Readonly<Record<string, OperationContract<Name>>> = Readonly<
    Record<string, OperationContract<Name>>
  >,
  Account extends z.ZodType = z.ZodType,
  Request = unknown,
  Env extends Readonly<Record<string, string>> = Readonly<Record<string, string>>,
> {
  /** The provider's key: in scenarios, journal entries, fault rules, operation ids and document names. */
  readonly name: Name;
  /** Its part of a scenario (credentials, resources, settings), defaults in the schema. */
  readonly scenario: Part;
  /** Its part of the built-in demo scenario. */
  readonly demo: z.input<Part>;
  /** Its operation table (`contracts/<provider>/operations.ts`), keyed by the operation's name. */
  readonly operations: Operations;
  /** Its error catalogue (`contracts/<provider>/errors.ts`). */
  readonly errors: Catalogue;
  /** How the error body of each catalogue `shape` is checked. */
  readonly errorBodies: Readonly<Record<string, NamedSchema>>;
  /** Errors of no operation: what a path or action no operation serves answers. */
  readonly unmatchedErrors: readonly CatalogueEntry[];
  /** Which catalogue errors are the consumer's fault, and of what kind. */
  readonly blame: Readonly<Record<string, Blame>>;
  /** What its answers look like to a reader that holds only the answer. */
  readonly answers: AnswerReading;
  /** Its OpenAPI document's own parts. */
  readonly openapi: OpenApiInfo;
  /** What the contract kit needs of it: `verify`'s account and cases, `check`'s environment. */
  readonly kit: KitInfo<Name, Account, Request, Env>;
}

/** An answer as received: status, headers and the body's text. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** An answer's error, in the provider's own terms. */
export interface ErrorReading {
  code: string;
  message: string;
  requestId?: string | null | undefined;
}

export interface AnswerReading {
  /**
   * The error an answer is, `undefined` for a success. `body` is the answer's text parsed (JSON, or XML into
   * an object), or the text itself when it is neither.
   */
  readError(status: number, headers: Headers, body: unknown, text: string): ErrorReading | undefined;
  /** The part of a parsed error body its shape's schema describes, when the body wraps it (default: all of it). */
  errorBody?(body: unknown): unknown;
  /** The root element of an operation's success answered as XML, for providers that answer XML. */
  xmlSuccessRoot?(operation: string): string;
}

/** An OpenAPI security scheme, as the document writes it. */
export type SecurityScheme = {
  type: 'apiKey';
  in: 'header' | 'query';
  name: string;
  description: string;
};

/** The fixed values a document's examples are rendered with, so that the documents are deterministic. */
export interface ExampleContext {
  /** A UUID, for the provider to write its request id in its own form. */
  requestId: string;
  /** A fixed time, epoch milliseconds. */
  now: number;
  /** The path of the operation the example belongs to (`/unknown` for unmatched errors). */
  path: string;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  /** The real service's base URLs. */
  servers: readonly string[];
  securitySchemes: Readonly<Record<string, SecurityScheme>>;
  /** The media types every answer may come in (default: `application/json`). */
  contentTypes?: readonly string[];
  /** Parameters every operation takes beside its own (an RPC gateway's common parameters). */
  commonParameters?: readonly Parameter[];
  /** Whether every operation is answered alike over GET as over its table's method (an RPC action). */
  alsoGet?: boolean;
  /** Error shapes whose body carries the request's path: their examples are per path. */
  pathShapes?: readonly string[];
  /** The wire body of a catalogue error, byte for byte what the emulator answers (as parsed JSON). */
  errorExample(entry: CatalogueEntry, params: MessageParams, at: ExampleContext): unknown;
}

/** A contract case: a request, and the answer the contract promises (a success, or one catalogue error). */
export interface ContractCase<
  Name extends string = string,
  Request = unknown,
  Operation extends string = string,
> {
  provider: Name;
  /** The operation's name, as in `contracts/<provider>/operations.ts`. */
  operation: Operation;
  title: string;
  request: Request;
  /** `success`, or the catalogue entry the answer must be. */
  expect: 'success' | CatalogueEntry;
}

export interface KitInfo<
  Name extends string,
  Account extends z.ZodType,
  Request,
  Env extends Readonly<Record<string, string>>,
> {
  /**
   * What `verify` may use against the provider: its section of a credentials file. Resources a case names
   * in `{braces}` and the account lacks skip the case, so a real account is verified with what it has.
   */
  account: Account;
  /** The demo scenario's account: the one copy the kit, the bench and the tests use. */
  demoAccount: z.output<Account>;
  /** Its contract cases, in the order `verify` runs them. */
  cases: readonly ContractCase<Name, Request>[];
  /** The environment variables a consumer reads for this provider (`ENV.<provider>` in `client/env.ts`). */
  env: Env;
  /** What `check` sets for a consumer: the variables of `env` (and any the official tools read) for an account. */
  environment(baseUrl: string, account: z.output<Account>): Record<string, string>;
}

/** A provider's contract, its type kept exactly (operation names, scenario part, account). */
export function defineProvider<
  const Name extends string,
  Part extends z.ZodType,
  Operations extends Readonly<Record<string, OperationContract<NoInfer<Name>>>>,
  Account extends z.ZodType,
  Request,
  const Env extends Readonly<Record<string, string>>,
>(
  contract: { name: Name } & ProviderContract<NoInfer<Name>, Part, Operations, Account, Request, Env>,
): ProviderContract<Name, Part, Operations, Account, Request, Env> {
  return Object.freeze(contract);
}
