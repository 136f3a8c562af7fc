import type { Call } from './call.ts';
import type { Step } from './steps.ts';

/**
 * The body-limit step: reads the whole body into `call.body`, refusing more than `limit` bytes (a
 * `BodyTooLarge`, which the gateway's error step answers in the provider's own shape).
 */
export function bodyLimit<C extends Call>(limit: number): Step<C> {
  return (call) => {
    const read = call.readBody(limit);
    if (read instanceof Uint8Array) return undefined;
    return read.then(() => undefined);
  };
}
