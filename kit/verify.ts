import type { ProviderName } from '../contracts/catalogue.ts';
import { operation } from '../contracts/operations.ts';
import { type ContractCase, contractCases } from './cases.ts';
import type { Credentials } from './credentials.ts';
import { createDriver, Skip } from './drivers.ts';
import { judge } from './match.ts';

export type Verdict = 'pass' | 'FAIL' | 'skip';

export interface CaseResult {
  provider: ProviderName;
  operation: string;
  /** The case's own title, `server without a host`. */
  title: string;
  /** `operation: title`. */
  case: string;
  expected: string;
  got: string;
  verdict: Verdict;
  /** Why it failed or was skipped. */
  problems: string[];
  /** How long the case took, request and judgement. */
  ms: number;
}

export function expectedText(c: ContractCase): string {
  const op = operation(`${c.provider}.${c.operation}`);
  return c.expect === 'success'
    ? `${op.success.status} ${op.success.name}`
    : `${c.expect.status} ${c.expect.code} (${c.expect.key})`;
}

/** No connection to the base URL at all: no case can say anything about the contract. */
export class UnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    /** What the connection attempt failed with, `ECONNREFUSED 127.0.0.1:9`. */
    readonly reason: string,
  ) {
    super(`cannot reach ${baseUrl}: ${reason}`);
  }
}

/**
 * Failures to open a connection at all (no listener, no such host, no route, a certificate not trusted), as
 * opposed to a connection the other side broke or answered wrongly, which is the case's failure.
 */
const UNREACHABLE =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT|EPROTO|ERR_SSL_.*|ERR_TLS_CERT_.*|CERT_.*|UNABLE_TO_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

/** Why `error` (fetch's, whose `cause` is the socket's) is a failure to connect, if it is one. */
function connectFailure(error: unknown, baseUrl: string): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const { code, address, port, hostname } = e as NodeJS.ErrnoException & {
      address?: string;
      port?: number;
      hostname?: string;
    };
    // fetch refuses the ports on the Fetch standard's "bad port" list (9, 25, 6000, …) before connecting.
    if (e.message === 'bad port') return `fetch refuses port ${new URL(baseUrl).port} (a "bad port")`;
    if (typeof code !== 'string' || !UNREACHABLE.test(code)) continue;
    if (address !== undefined && port !== undefined) return `${code} ${address}:${port}`;
    return hostname ? `${code} ${hostname}` : `${code}: ${e.message}`;
  }
  return undefined;
}

/** A connection closed or reset with no answer at all (`UND_ERR_SOCKET`, `ECONNRESET`, …). */
const NO_ANSWER = /^(UND_ERR_.*|ECONNRESET|EPIPE)$/;

/** Whether `error` is a connection that gave no HTTP answer, as one to an HTTPS port over plain HTTP does. */
function noAnswer(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && NO_ANSWER.test(code)) return true;
  }
  return false;
}

/** An error with its causes, `fetch failed: other side closed (UND_ERR_SOCKET)`. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    parts.push(typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
  }
  return parts.join(': ') || String(error);
}

/**
 * Runs a provider's contract cases, in order, against `baseUrl` with `credentials`: each request as the case
 * describes it, each answer judged against the operation's contract and the expected catalogue entry. Throws
 * `UnreachableError` when a case cannot connect at all.
 */
export async function verifyProvider<P extends ProviderName>(
  provider: P,
  baseUrl: string,
  credentials: Credentials[P],
): Promise<CaseResult[]> {
  const driver = createDriver(provider, baseUrl, credentials);
  const results: CaseResult[] = [];
  for (const c of contractCases[provider]) {
    const named = {
      provider,
      operation: c.operation,
      title: c.title,
      case: `${c.operation}: ${c.title}`,
      expected: expectedText(c),
    };
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const answer = await driver.send(c);
      const judgement = judge(operation(`${provider}.${c.operation}`), answer, c.expect);
      results.push({
        ...named,
        got: judgement.got,
        verdict: judgement.ok ? 'pass' : 'FAIL',
        problems: judgement.problems,
        ms: ms(),
      });
    } catch (error) {
      const unreachable = connectFailure(error, baseUrl);
      if (unreachable) throw new UnreachableError(baseUrl, unreachable);
      // Connections that break before the base URL ever answered say nothing of any case (a wrong scheme, a
      // port that is not an HTTP server); once it has answered, a broken connection is that case's failure.
      if (results.every((r) => r.verdict === 'skip') && noAnswer(error))
        throw new UnreachableError(
          baseUrl,
          `no HTTP answer, ${describe(error).replace(/^fetch failed: /, '')}`,
        );
      const skipped = error instanceof Skip;
      const message = skipped ? error.message : describe(error);
      results.push({
        ...named,
        got: skipped ? '' : `no answer: ${message}`,
        verdict: skipped ? 'skip' : 'FAIL',
        problems: [message],
        ms: ms(),
      });
    }
  }
  return results;
}
