import { tencentErrorFields } from '../../../contracts/tencent/wire.ts';
import type { ProviderError } from '../../errors.ts';
import { type Answer, answer } from '../../pipeline/answer.ts';

/**
 * The one renderer of Tencent errors: the gateway's body (`contracts/tencent/wire.ts`) with the entry's status
 * (200 for every entry) and `Content-Type: application/json` exactly, the only value the Python SDK reads an
 * error from (docs/providers/tencent.md, "Errors").
 */
export function renderTencentError(
  error: ProviderError,
  requestId: string,
): { response: Answer; code: string } {
  const body = tencentErrorFields(error.entry, error.params, requestId);
  const headers = new Headers({ 'Content-Type': 'application/json' });
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  return {
    response: answer(JSON.stringify(body), error.entry.status, headers),
    code: error.entry.code,
  };
}
