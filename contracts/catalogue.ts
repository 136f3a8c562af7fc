/**
 * Error catalogues: every error a provider can answer with is one entry here, keyed by a name in the
 * provider's own words. Routes throw entries (see emulator/errors.ts); one renderer per provider writes the
 * provider's wire shape. Messages are templates with `{name}` placeholders so that catalogues stay plain data
 * (usable by OpenAPI examples, fault rules and the contract kit alike).
 */
export type { ProviderName } from './providers.ts';

export interface ErrorSpec {
  /** The provider's own error code as it appears on the wire (e.g. `itemNotFound`, `APIGW.0301`). */
  readonly code: string;
  readonly status: number;
  /** Message template; `{name}` is replaced by the parameter of that name. */
  readonly message: string;
  /** Which of the provider's body shapes carries this error. */
  readonly shape: string;
  /** Where the text comes from, or why the provider behaves this way. */
  readonly note?: string;
  /** Named parameter sets a document shows as examples, beside the template (e.g. each documented reason). */
  readonly examples?: Readonly<Record<string, MessageParams>>;
  /** Response headers this error always carries (name → meaning), documented with it. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CatalogueEntry<Provider extends string = string> extends ErrorSpec {
  readonly provider: Provider;
  /** The catalogue key, unique within the provider. */
  readonly key: string;
}

export type Catalogue<K extends string = string> = { readonly [P in K]: CatalogueEntry };

export function defineCatalogue<const Provider extends string, const T extends Record<string, ErrorSpec>>(
  provider: Provider,
  specs: T,
): { readonly [K in keyof T]: CatalogueEntry<Provider> & T[K] & { key: K } } {
  const out: Record<string, CatalogueEntry> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = Object.freeze({ ...spec, provider, key });
  return Object.freeze(out) as { readonly [K in keyof T]: CatalogueEntry<Provider> & T[K] & { key: K } };
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** Names of the `{placeholders}` a template needs. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string);
}

export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
