import type { Call } from './call.ts';
import type { Step } from './steps.ts';

/**
 * The authentication step: `verify` checks the call's credentials in the provider's own order (throwing its
 * errors), keeps what it learns on the call, and returns the credential the journal names (project, AccessKey,
 * user).
 */
export function authenticate<C extends Call>(verify: (call: C) => string | undefined): Step<C> {
  return (call) => {
    const credential = verify(call);
    if (credential !== undefined) call.record.credential = credential;
    return undefined;
  };
}
