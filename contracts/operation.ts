import type { z } from 'zod';
import type { CatalogueEntry } from './catalogue.ts';

/**
 * An operation as data: where it is, what it takes, what it answers, which catalogue errors it can answer
 * with and how it authenticates. Each provider's table (`contracts/<provider>/operations.ts`) is the one place
 * an operation is named: the emulator's routes register through it (so the journal's operation name is the
 * table's), and the OpenAPI generator, the contract kit and the banner read it.
 */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: z.ZodType;
}

/** A named schema (the name becomes an OpenAPI component). */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One operation as its provider's table writes it; the table's key is its name. */
export interface OperationSpec {
  method: HttpMethod;
  /** An OpenAPI path template; RPC actions on one path are told apart by a query key (`/?Action=<name>`). */
  path: string;
  summary: string;
  description?: string;
  /** Alternatives, each a list of scheme names that apply together; empty: no authentication. */
  security: string[][];
  parameters: Parameter[];
  request?: NamedSchema & { contentType: string };
  success: NamedSchema & { status: number; headers?: Record<string, string> };
  errors: CatalogueEntry[];
  /** Headers on every answer, success or error (name → meaning): the request ids. */
  answerHeaders?: Record<string, string>;
}

export interface OperationContract<Provider extends string = string> extends OperationSpec {
  provider: Provider;
  /** The provider's own name for the operation, as the journal and fault rules know it. */
  name: string;
  /** `<provider>.<name>`, what `toMatchContract` takes. */
  id: string;
}

/** A provider's operation table: each spec gets its name (the key), provider and id. */
export function defineOperations<
  const Provider extends string,
  const T extends Record<string, OperationSpec>,
>(
  provider: Provider,
  specs: T,
): { readonly [K in keyof T & string]: OperationContract<Provider> & { name: K } } {
  const out: Record<string, OperationContract> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = Object.freeze({ ...spec, provider, name, id: `${provider}.${name}` });
  }
  return Object.freeze(out) as {
    readonly [K in keyof T & string]: OperationContract<Provider> & { name: K };
  };
}

/** What a consumer did wrong, in three kinds. */
export type ViolationKind = 'contract violation' | 'unknown operation' | 'unsigned or mis-signed call';

/**
 * Whose fault a catalogue error is: a kind when the consumer's; `{ anonymous }` when only so if no credential
 * was recognised. Errors not listed (a server not ready, throttling, …) are answers a correct consumer meets.
 */
export type Blame = ViolationKind | { anonymous: ViolationKind };

/** A provider's blame table, each key one of its catalogue's. */
export function blame<C extends Record<string, unknown>>(
  _catalogue: C,
  kinds: Partial<Record<ViolationKind, ReadonlyArray<keyof C & string>>>,
  extra: Partial<Record<keyof C & string, Blame>> = {},
): Readonly<Record<string, Blame>> {
  const out: Record<string, Blame> = {};
  for (const [kind, keys] of Object.entries(kinds) as Array<[ViolationKind, string[]]>) {
    for (const key of keys) out[key] = kind;
  }
  return Object.freeze({ ...out, ...extra } as Record<string, Blame>);
}
