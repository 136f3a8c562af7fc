import type { z } from 'zod';
import type { CatalogueEntry, ProviderName } from './catalogue.ts';

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
  /** An OpenAPI path template; Alibaba RPC actions are told apart by `?Action=` (see openapi/generate.ts). */
  path: string;
  summary: string;
  description?: string;
  /** Alternatives, each a list of scheme names that apply together; empty: no authentication. */
  security: string[][];
  parameters: Parameter[];
  request?: NamedSchema & { contentType: string };
  success: NamedSchema & { status: number; headers?: Record<string, string> };
  errors: CatalogueEntry[];
}

export interface OperationContract extends OperationSpec {
  provider: ProviderName;
  /** The provider's own name for the operation, as the journal and fault rules know it. */
  name: string;
  /** `<provider>.<name>`, what `toMatchContract` takes. */
  id: string;
}

/** A provider's operation table: each spec gets its name (the key), provider and id. */
export function defineOperations<const T extends Record<string, OperationSpec>>(
  provider: ProviderName,
  specs: T,
): { readonly [K in keyof T & string]: OperationContract & { name: K } } {
  const out: Record<string, OperationContract> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = Object.freeze({ ...spec, provider, name, id: `${provider}.${name}` });
  }
  return Object.freeze(out) as { readonly [K in keyof T & string]: OperationContract & { name: K } };
}
