import type { OperationContract } from '../contracts/operation.ts';
import type { ProviderSummary } from './provider.ts';

/**
 * A provider's endpoint list (the banner, `summary()`, the dashboard) from its operation table: each
 * operation's method, path template and summary. `method` overrides the table's (an RPC gateway's actions take
 * GET and POST alike).
 */
export function endpointsOf(
  table: Readonly<Record<string, OperationContract>>,
  method?: string,
): ProviderSummary['endpoints'] {
  return Object.values(table).map((op) => ({
    method: method ?? op.method,
    path: op.path,
    what: op.summary,
  }));
}
