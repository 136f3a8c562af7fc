import type { ProviderName } from '../../contracts/catalogue.ts';
import { type Answer, headOf } from './answer.ts';
import type { Call } from './call.ts';
import { type ErrorRendering, renderError } from './errors.ts';
import { isPromise, type Step, type StepResult, sequence } from './steps.ts';

export interface GatewaySpec<C extends Call> {
  provider: ProviderName;
  /**
   * The first step, which every answer (an error too) needs: the provider's call, with its request id and the
   * headers every answer carries. It must not throw.
   */
  start(call: Call): C;
  /** The steps in the order the provider's real gateway runs them; one of them answers. */
  steps: ReadonlyArray<Step<C>>;
  errors: ErrorRendering<C>;
}

/**
 * A provider's `handle`: its start, then its steps in its order, every error rendered by its renderer. A HEAD
 * request is served as its GET and answered without the body. When every step it runs is synchronous, so is
 * the answer: no promise is made for it.
 */
export function gateway<C extends Call>(spec: GatewaySpec<C>): (call: Call) => Answer | Promise<Answer> {
  const run = sequence(...spec.steps);
  const fail = (call: C, error: unknown) => renderError(spec.provider, spec.errors, call, error);
  return (base) => {
    const call = spec.start(base);
    let out: StepResult;
    try {
      out = run(call);
      if (!isPromise(out)) {
        if (out) return answered(call, out as Answer);
        throw noAnswer(call);
      }
    } catch (error) {
      return answered(call, fail(call, error));
    }
    return out.then(
      (answer) => answered(call, answer ?? fail(call, noAnswer(call))),
      (error: unknown) => answered(call, fail(call, error)),
    );
  };
}

/** The answer as given to the call's method: without its body for a HEAD. */
function answered(call: Call, answer: Answer): Answer {
  return call.method === 'HEAD' ? headOf(answer) : answer;
}

/** A bug of the provider's: its steps let the call through without an answer. */
function noAnswer(call: Call): Error {
  return new Error(`no step answered ${call.method} ${call.path}`);
}
