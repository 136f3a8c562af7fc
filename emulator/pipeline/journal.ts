import { blames, operationsByName } from '../../contracts/operations.ts';
import type { Journal, JournalEntry } from '../journal.ts';
import type { Provider } from '../provider.ts';
import { judgeRequest, noProvider, OK } from '../verdict.ts';
import type { Call } from './call.ts';

/**
 * The journal step, last of all: one entry per request with what the steps learnt (operation, credential,
 * provider code, request id), its latency and its verdict against the operation's contract.
 */
export function journalRecord(
  journal: Journal,
  call: Call,
  provider: Provider | undefined,
  status: number,
  time: number,
  started: number,
): JournalEntry {
  const { record } = call;
  const operation = record.operation || 'unknown';
  const path = call.pathname;
  // Built field by field in the journal's order, each optional field only when there is one: spreading
  // optional objects into one literal cost ~8× as much.
  const entry = { time, provider: record.provider, operation, method: call.method, path } as Omit<
    JournalEntry,
    'seq'
  >;
  if (record.credential) entry.credential = record.credential;
  entry.status = status;
  // Some providers answer business errors with HTTP 200, so the code is journalled whatever the status.
  if (record.code) entry.code = record.code;
  if (record.requestId) entry.requestId = record.requestId;
  entry.latencyMs = Math.round((monotonicMs() - started) * 1000) / 1000;
  entry.verdict = !provider
    ? noProvider(call.method, path)
    : status === 0
      ? OK
      : judgeRequest({
          contract: operationsByName[provider.name][operation],
          operation,
          method: call.method,
          path,
          header: (name) => call.header(name),
          body: call.bodyRead,
          error: record.error,
          credential: record.credential !== undefined,
          blame: blames[provider.name],
        });
  return journal.add(entry);
}

/**
 * A monotonic clock in milliseconds for a request's latency: `process.hrtime`, as `performance.now()` would load
 * Node's perf_hooks on a start's first request.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
