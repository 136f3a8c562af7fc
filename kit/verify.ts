import type { ProviderName } from '../contracts/catalogue.ts';
import { operation } from '../contracts/operations.ts';
import { formatTable } from '../emulator/table.ts';
import { type ContractCase, contractCases } from './cases.ts';
import type { Credentials } from './credentials.ts';
import { createDriver, Skip } from './drivers.ts';
import { judge } from './match.ts';

export type Verdict = 'pass' | 'FAIL' | 'skip';

export interface CaseResult {
  provider: ProviderName;
  case: string;
  expected: string;
  got: string;
  verdict: Verdict;
  /** Why it failed or was skipped. */
  problems: string[];
}

export function expectedText(c: ContractCase): string {
  const op = operation(`${c.provider}.${c.operation}`);
  return c.expect === 'success'
    ? `${op.success.status} ${op.success.name}`
    : `${c.expect.status} ${c.expect.code} (${c.expect.key})`;
}

/**
 * Runs a provider's contract cases, in order, against `baseUrl` with `credentials`: each request as the case
 * describes it, each answer judged against the operation's contract and the expected catalogue entry.
 */
export async function verifyProvider<P extends ProviderName>(
  provider: P,
  baseUrl: string,
  credentials: Credentials[P],
): Promise<CaseResult[]> {
  const driver = createDriver(provider, baseUrl, credentials);
  const results: CaseResult[] = [];
  for (const c of contractCases[provider]) {
    const name = `${c.operation}: ${c.title}`;
    const expected = expectedText(c);
    try {
      const answer = await driver.send(c);
      const judgement = judge(operation(`${provider}.${c.operation}`), answer, c.expect);
      results.push({
        provider,
        case: name,
        expected,
        got: judgement.got,
        verdict: judgement.ok ? 'pass' : 'FAIL',
        problems: judgement.problems,
      });
    } catch (error) {
      const skipped = error instanceof Skip;
      results.push({
        provider,
        case: name,
        expected,
        got: skipped ? '' : `no answer: ${(error as Error).message}`,
        verdict: skipped ? 'skip' : 'FAIL',
        problems: [(error as Error).message],
      });
    }
  }
  return results;
}

/** The table `verify` prints: case, expected, got, verdict; then why each failure failed. */
export function formatResults(results: readonly CaseResult[]): string {
  const table = formatTable(
    results.map((r) => ({
      case: `${r.provider}.${r.case}`,
      expected: r.expected,
      got: r.got,
      verdict: r.verdict,
    })),
    '',
  );
  const failures = results
    .filter((r) => r.verdict === 'FAIL')
    .map((r) => `✗ ${r.provider}.${r.case}: ${r.problems.join('; ')}`);
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const summary = `${count('pass')} passed, ${count('FAIL')} failed, ${count('skip')} skipped`;
  return [table, '', ...failures, ...(failures.length ? [''] : []), summary].join('\n');
}
