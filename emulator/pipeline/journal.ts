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
  const path = call.url.pathname;
  return journal.add({
    time,
    provider: record.provider,
    operation,
    method: call.method,
    path,
    ...(record.credential ? { credential: record.credential } : {}),
    status,
    // Some providers answer business errors with HTTP 200, so the code is journalled whatever the status.
    ...(record.code ? { code: record.code } : {}),
    ...(record.requestId ? { requestId: record.requestId } : {}),
    latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    verdict: !provider
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
          }),
  });
}
