import type { CatalogueEntry } from '../contracts/catalogue.ts';
import type { Blame, OperationContract, ViolationKind } from '../contracts/operation.ts';
import { Memo } from './memo.ts';

/** One way a request broke its contract: where (`body.remote_console.protocol`, `header.user`, …) and how. */
export interface Violation {
  /** Where in the request (or, for the self-check, the answer); empty for the request as a whole. */
  path: string;
  message: string;
  kind: ViolationKind;
  /** The catalogue entry the provider answered with, when the answer itself says the consumer was wrong. */
  error?: { key: string; code: string };
}

/** Whether a request followed its operation's contract, and each way it did not. */
export interface Verdict {
  ok: boolean;
  violations: Violation[];
}

/** Shared by every conforming request: nothing to allocate on the common path. */
export const OK: Verdict = Object.freeze({
  ok: true,
  violations: Object.freeze([]) as unknown as Violation[],
});

/** The operation names providers journal when no operation matched the request. */
const NO_OPERATION = new Set(['unknownPath', 'unknown', 'methodNotAllowed']);

/** A request no provider serves. */
export function noProvider(method: string, path: string): Verdict {
  return {
    ok: false,
    violations: [{ path: '', message: `no provider serves ${method} ${path}`, kind: 'unknown operation' }],
  };
}

export interface Judged {
  /** The operation's contract, when the journal's name is one of the provider's table. */
  contract: OperationContract | undefined;
  operation: string;
  method: string;
  path: string;
  /** A request header by its lower-case name. */
  header(name: string): string | undefined;
  /** The body as the provider read it (none when it read none). */
  body: Uint8Array | undefined;
  /** The catalogue error the provider answered with, and its message as answered. */
  error: { entry: CatalogueEntry; message: string } | undefined;
  /** Whether the provider recognised a credential. */
  credential: boolean;
  /** Which catalogue errors are the consumer's fault (by key). */
  blame: Readonly<Record<string, Blame>>;
}

const decoder = new TextDecoder();

/**
 * The request against its operation's request contract (required headers, the body's schema), and the answer:
 * a catalogue error that is the consumer's fault (a malformed body, a bad signature, an unknown path) is a
 * violation too, first, as the provider's own words are the ones a reader acts on.
 */
export function judgeRequest(judged: Judged): Verdict {
  const violations: Violation[] = [];
  const { error } = judged;
  const blame = error ? judged.blame[error.entry.key] : undefined;
  const kind = typeof blame === 'object' ? (judged.credential ? undefined : blame.anonymous) : blame;
  if (error && kind) {
    violations.push({
      path: '',
      message: error.message,
      kind,
      error: { key: error.entry.key, code: error.entry.code },
    });
  } else if (NO_OPERATION.has(judged.operation)) {
    violations.push({
      path: '',
      message: error?.message ?? `${judged.method} ${judged.path}`,
      kind: 'unknown operation',
    });
  }
  if (judged.contract) checkRequest(judged.contract, judged.header, judged.body, violations);
  return violations.length === 0 ? OK : { ok: false, violations };
}

function checkRequest(
  contract: OperationContract,
  header: (name: string) => string | undefined,
  body: Uint8Array | undefined,
  violations: Violation[],
): void {
  for (const parameter of contract.parameters) {
    if (parameter.in !== 'header' || !parameter.required) continue;
    const value = header(parameter.name.toLowerCase());
    // Keyed by the parameter, not its schema: schemas are shared, and the problem names the header.
    const problems = checked(parameter, value, () => {
      const parsed = parameter.schema.safeParse(value);
      if (parsed.success) return NO_PROBLEMS;
      return [
        {
          path: `header.${parameter.name}`,
          message: value === undefined ? 'required' : (parsed.error.issues[0]?.message ?? 'invalid'),
        },
      ];
    });
    for (const problem of problems) violations.push({ ...problem, kind: 'contract violation' });
  }
  const request = contract.request;
  if (request?.contentType !== 'application/json' || body === undefined) return;
  // Only JSON bodies have a schema to check here (form bodies are RPC parameters, which the gateway checks), so a
  // form sent to an action that also takes JSON (a gateway's legacy signed form) is not read as JSON.
  if (/^\s*application\/x-www-form-urlencoded/i.test(header('content-type') ?? '')) return;
  const text = decoder.decode(body);
  const problems = checked(request.schema, text, () => {
    let value: unknown;
    try {
      value = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      return [{ path: 'body', message: 'not JSON' }];
    }
    const parsed = request.schema.safeParse(value);
    if (parsed.success) return NO_PROBLEMS;
    return parsed.error.issues.map((issue) => ({
      path: ['body', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
  });
  for (const problem of problems) violations.push({ ...problem, kind: 'contract violation' });
}

/** What a check found, each problem's place and words. */
type Problems = ReadonlyArray<Readonly<{ path: string; message: string }>>;
const NO_PROBLEMS: Problems = Object.freeze([]);

/**
 * What each check (a header parameter, a body schema) found in each text lately: a client sends the same
 * headers and bodies again and again, and a check depends on the text alone. At most `CHECKED` texts a check
 * (the oldest forgotten first), none longer than `CHECKED_LENGTH`, so the memory stays small whatever is sent.
 */
const checks = new WeakMap<object, Memo<string | undefined, Problems>>();
const CHECKED = 256;
const CHECKED_LENGTH = 1024;

function checked(checker: object, text: string | undefined, check: () => Problems): Problems {
  if (text !== undefined && text.length > CHECKED_LENGTH) return check();
  let known = checks.get(checker);
  if (!known) {
    known = new Memo(CHECKED);
    checks.set(checker, known);
  }
  return known.get(text, check);
}

/**
 * The answer against the operation's success schema: a self-check of the emulator (it must never fail), run
 * where the journal kept the answer's body anyway. Adds its violations to `verdict`.
 */
export function checkAnswer(
  contract: OperationContract | undefined,
  status: number,
  body: { text: string; truncated: boolean; json: boolean } | undefined,
  verdict: Verdict,
): Verdict {
  if (!contract || !body || body.truncated || !body.json || status !== contract.success.status)
    return verdict;
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    value = undefined;
  }
  const parsed = contract.success.schema.safeParse(value);
  if (parsed.success) return verdict;
  const problems: Violation[] = parsed.error.issues.map((issue) => ({
    path: ['response', ...issue.path.map(String)].join('.'),
    message: `the emulator's own answer breaks ${contract.success.name}: ${issue.message}`,
    kind: 'contract violation',
  }));
  console.error(`[emulator] ${contract.id} answered outside its contract:`, problems);
  return { ok: false, violations: [...verdict.violations, ...problems] };
}
