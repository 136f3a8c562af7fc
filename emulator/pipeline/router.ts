import { Memo } from '../memo.ts';

/**
 * A provider's operations by method and path template, matched in the order they were registered (the first
 * that fits wins, as the real services' routers try theirs). Compiled once, when the provider is built.
 */
export interface Route<H> {
  method: string;
  /** The template as registered, e.g. `/v2.1/{project_id}/servers/{server_id}`. */
  template: string;
  handler: H;
}

export type Match<H> =
  | { route: Route<H>; params: Record<string, string> }
  /** The path is served, but not with this method: the methods it is served with. */
  | { route?: undefined; allow: string[] };

interface Compiled<H> extends Route<H> {
  pattern: RegExp;
  names: string[];
  /** The template's text before its first parameter and after its last: a path that fits starts and ends so. */
  prefix: string;
  suffix: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decodeParam(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** How many paths a router remembers its match for, per method. */
const MATCHES = 512;

export class Router<H> {
  readonly #routes: Compiled<H>[] = [];
  /**
   * The matches of each method a route is served with, by path: a client asks for the same few paths again and
   * again, and a match runs through every template before the one that fits.
   */
  readonly #matches = new Map<string, Memo<string, Match<H>>>();

  /**
   * Adds a route. A `{name}` segment matches one path segment (`[^/]+`), or what `patterns[name]` allows.
   */
  add(method: string, template: string, handler: H, patterns: Readonly<Record<string, string>> = {}): void {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return escapeRegex(part);
        names.push(name);
        return `(${patterns[name] ?? '[^/]+'})`;
      })
      .join('');
    const open = template.indexOf('{');
    const close = template.lastIndexOf('}');
    // A match remembered before this route was added would not know it.
    for (const served of this.#matches.keys()) this.#matches.set(served, new Memo(MATCHES));
    if (!this.#matches.has(method)) this.#matches.set(method, new Memo(MATCHES));
    this.#routes.push({
      method,
      template,
      handler,
      pattern: new RegExp(`^${source}$`),
      names,
      prefix: open < 0 ? template : template.slice(0, open),
      suffix: open < 0 ? '' : template.slice(close + 1),
    });
  }

  /**
   * The first route serving this method and path, with its path parameters; else the methods the path is
   * served with under the first template that fits it (empty when none does). `HEAD` is served as `GET`.
   */
  match(method: string, path: string): Match<H> {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const matches = this.#matches.get(wanted);
    return matches ? matches.get(path, () => this.#match(wanted, path)) : this.#match(wanted, path);
  }

  #match(wanted: string, path: string): Match<H> {
    let allowedAt: string | undefined;
    const allow: string[] = [];
    for (const route of this.#routes) {
      // Most templates are told apart by their literal ends, without running their pattern.
      if (!path.startsWith(route.prefix) || !path.endsWith(route.suffix)) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method === wanted) {
        const params: Record<string, string> = {};
        for (let i = 0; i < route.names.length; i++)
          params[route.names[i] as string] = decodeParam(found[i + 1] as string);
        return { route, params };
      }
      allowedAt ??= route.template;
      if (route.template === allowedAt && !allow.includes(route.method)) allow.push(route.method);
    }
    return { allow };
  }

  /** Whether a path fits any template, with any method. */
  serves(path: string): boolean {
    return this.#routes.some((route) => route.pattern.test(path));
  }
}
