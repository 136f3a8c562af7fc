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

export class Router<H> {
  readonly #routes: Compiled<H>[] = [];

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
