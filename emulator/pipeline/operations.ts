import type { OperationContract } from '../../contracts/operation.ts';
import type { Answer } from './answer.ts';
import type { Call } from './call.ts';
import { Router } from './router.ts';
import type { Step } from './steps.ts';

/** What an operation does once its gateway's steps have let the call through. */
export type Handler<C extends Call> = (call: C) => Answer | Promise<Answer>;

interface Operation<C extends Call> {
  name: string;
  handle: Handler<C>;
}

/** The route step's answer when no operation serves the call: throw the provider's 404 or 405. */
export type Miss<C extends Call> = (call: C, allow: readonly string[]) => never;

/**
 * A provider's operations, registered through its contract table (`contracts/<provider>/operations.ts`):
 * `op('remoteConsoles', handler)` serves the operation on the table's method and path template, so the
 * journal's name for the request is the table's. The routes are matched by a `Router` compiled from them.
 */
export class Operations<Name extends string, C extends Call> {
  readonly #router = new Router<Operation<C>>();

  constructor(
    private readonly table: Readonly<Record<Name, OperationContract>>,
    /** Patterns some path parameters must match (`{ project_id: '[0-9a-f-]+' }`). */
    private readonly patterns: Readonly<Record<string, string>> = {},
  ) {}

  /** Serves `name` on its table's method and path, or on the templates given in `at`. */
  op(name: Name, handle: Handler<C>, at: readonly string[] = [this.table[name].path]): void {
    const { method } = this.table[name];
    for (const template of at) this.#router.add(method, template, { name, handle }, this.patterns);
  }

  /** Whether a path is one of the operations' (any method). */
  serves(path: string): boolean {
    return this.#router.serves(path);
  }

  /**
   * The route step: finds the operation serving the call's method and path, names it in the journal and
   * keeps its path parameters; `miss` answers a call no operation serves.
   */
  route(miss: Miss<C>): Step<C> {
    return (call) => {
      const found = this.#router.match(call.method, call.path);
      if (!found.route) return miss(call, found.allow);
      call.params = found.params;
      call.record.operation = found.route.handler.name;
      call.matched = found.route.handler;
      return undefined;
    };
  }

  /** The operation step: runs the operation the route step matched. */
  readonly answer: Step<C> = (call) => (call.matched as Operation<C>).handle(call);
}
