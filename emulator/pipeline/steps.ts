import type { Answer } from './answer.ts';
import type { Call } from './call.ts';

/**
 * One step of a provider's gateway: it reads the call, may fill it in (request id, body, caller), throws a
 * `ProviderError` to answer with an error, or returns the answer; nothing (or a promise of nothing) passes the
 * call on to the next step. Most steps are synchronous, and then cost no turn of the microtask queue.
 */
export type Step<C extends Call> = (call: C) => StepResult;
// biome-ignore lint/suspicious/noConfusingVoidType: a step that only checks or fills in returns nothing at all
export type StepResult = Answer | undefined | void | Promise<Answer | undefined | void>;

/** Whether a result (a step's, an answer) is still to come (an answer is never a thenable). */
export const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

/** Runs `steps` in order from `from` until one answers; `undefined` when none did. */
function runFrom<C extends Call>(steps: ReadonlyArray<Step<C>>, from: number, call: C): StepResult {
  for (let i = from; i < steps.length; i++) {
    const out = (steps[i] as Step<C>)(call);
    if (out === undefined) continue;
    if (!isPromise(out)) return out as Answer;
    return out.then((answer) => answer ?? runFrom(steps, i + 1, call));
  }
  return undefined;
}

/** Steps run as one: the first answer ends them. A provider whose services differ (identity, compute, …) nests them. */
export function sequence<C extends Call>(...steps: ReadonlyArray<Step<C>>): Step<C> {
  return (call) => runFrom(steps, 0, call);
}

/** Picks the steps for this call (e.g. by the service its path names) and runs them. */
export function branch<C extends Call>(pick: (call: C) => Step<C>): Step<C> {
  return (call) => pick(call)(call);
}
