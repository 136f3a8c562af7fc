import type { FaultPoint } from '../faults.ts';
import type { EmulatorContext } from '../provider.ts';
import type { Call } from './call.ts';
import type { Step } from './steps.ts';

/**
 * The fault step: once the operation and the credential are known, the first matching fault rule may wait,
 * answer one of the provider's errors, or break the connection. Without any rule it costs nothing, and the
 * point (which may look up a token) is not even worked out.
 */
export function faults<C extends Call>(
  ctx: EmulatorContext,
  point: (call: C) => Omit<FaultPoint, 'operation'> & { operation?: string },
): Step<C> {
  return (call) => {
    if (!ctx.faults.armed) return undefined;
    const at = point(call);
    return ctx.faults.apply({ ...at, operation: at.operation ?? call.record.operation });
  };
}
