import { readBody } from '../body.ts';
import type { Call } from './call.ts';
import type { Step } from './steps.ts';

/**
 * The body-limit step: reads the whole body into `call.body`, refusing more than `limit` bytes (a
 * `BodyTooLarge`, which the gateway's error step answers in the provider's own shape).
 */
export function bodyLimit<C extends Call>(limit: number): Step<C> {
  return (call) => {
    const read = readBody(call.request, limit);
    if (read instanceof Uint8Array) {
      call.body = read;
      return undefined;
    }
    return read.then((body) => {
      call.body = body;
    });
  };
}
