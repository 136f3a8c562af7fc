import { BodyTooLarge } from '../body.ts';
import { ProviderError } from '../errors.ts';
import { ConnectionFault } from '../faults.ts';
import type { Answer } from './answer.ts';
import type { Call } from './call.ts';

/** How a provider answers an error, whatever step threw it. */
export interface ErrorRendering<C extends Call> {
  /** The provider's one renderer: the error in its wire shape, for this call. */
  render(call: C, error: ProviderError): Answer;
  /** Its "too large" for a body over `limit`. */
  tooLarge(call: C, limit: number): ProviderError;
  /** Its server error for anything unexpected (a bug): never a stack trace. */
  unexpected(call: C, error: unknown): ProviderError;
}

/**
 * The error step, around all the others: a `ProviderError` is rendered by the provider, a body over the limit
 * gets its "too large", a connection fault goes through to the transport, anything else is logged and answered
 * as the provider's server error. The journal learns the error and its code.
 */
export function renderError<C extends Call>(
  provider: string,
  rendering: ErrorRendering<C>,
  call: C,
  thrown: unknown,
): Answer {
  if (thrown instanceof ConnectionFault) throw thrown;
  let error: ProviderError;
  if (thrown instanceof ProviderError) error = thrown;
  else if (thrown instanceof BodyTooLarge) error = rendering.tooLarge(call, thrown.limit);
  else {
    console.error(`[${provider}] unexpected error:`, thrown);
    error = rendering.unexpected(call, thrown);
  }
  call.record.code = error.entry.code;
  call.record.error = error;
  return rendering.render(call, error);
}
