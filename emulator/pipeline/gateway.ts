import type { ProviderName } from '../../contracts/catalogue.ts';
import { type Answer, headOf } from './answer.ts';
import type { Call } from './call.ts';
import { type ErrorRendering, renderError } from './errors.ts';
import { isPromise, type Step, sequence } from './steps.ts';

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
 * request is served as its GET and answered without the body.
 */
export function gateway<C extends Call>(spec: GatewaySpec<C>): (call: Call) => Promise<Answer> {
  const run = sequence(...spec.steps);
  const fail = (call: C, error: unknown) => renderError(spec.provider, spec.errors, call, error);
  return async (base) => {
    const call = spec.start(base);
    let answer: Answer;
    try {
      const out = run(call);
      answer = ((isPromise(out) ? await out : out) as Answer | undefined) ?? noAnswer(call);
    } catch (error) {
      answer = fail(call, error);
    }
    return call.method === 'HEAD' ? headOf(answer) : answer;
  };
}

function noAnswer(call: Call): never {
  throw new Error(`no step answered ${call.method} ${call.path}`);
}
