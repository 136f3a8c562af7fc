import { readProviderError } from '../client/errors.ts';
import { coerceXml, parseXml } from '../client/xml.ts';
import type { CatalogueEntry } from '../contracts/catalogue.ts';
import type { Answer } from '../contracts/contract.ts';
import type { OperationContract } from '../contracts/operations.ts';
import { contractOf, type ProviderName } from '../contracts/providers.ts';

export type { Answer };

export interface Judgement {
  ok: boolean;
  /** What came back, in one line: `200 RemoteConsoleResponse`, `409 conflictingRequest: Instance … is not ready`. */
  got: string;
  /** The catalogue entry the answer is, when it is a documented error. */
  entry?: CatalogueEntry;
  problems: string[];
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Some error bodies carry HTML line breaks and newlines after the text (webob's, for one). */
const normalise = (text: string) => text.replace(/<br \/>/g, '').trim();
/** A catalogue template as a pattern: each `{placeholder}` stands for any text. */
const templatePattern = (template: string) =>
  new RegExp(`^${escapeRegex(normalise(template)).replace(/\\\{[a-z_]+\\\}/g, '[\\s\\S]*?')}$`);

/** Whether a code and message are this catalogue entry's (placeholders match anything). */
export function isEntry(entry: CatalogueEntry, status: number, code: string, message: string): boolean {
  return (
    entry.status === status &&
    templatePattern(entry.code).test(code) &&
    templatePattern(entry.message).test(normalise(message))
  );
}

const oneLine = (text: string, max = 90) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Judges an answer against an operation's contract. `expected` is `success`, one catalogue entry, or
 * `documented` (any of the operation's answers: what `toMatchContract` asks). The body must match the
 * contract's schema for what it is (the success schema, or the error shape's schema).
 */
export function judge(
  op: OperationContract<ProviderName>,
  answer: Answer,
  expected: 'success' | 'documented' | CatalogueEntry,
): Judgement {
  const problems: string[] = [];
  const { answers, errorBodies, unmatchedErrors } = contractOf(op.provider);
  const info = readProviderError(op.provider, answer.status, answer.headers, answer.text);
  if (!info) {
    let body = parseJson(answer.text);
    if (typeof body === 'string' && answers.xmlSuccessRoot) {
      try {
        const root = parseXml(body)[answers.xmlSuccessRoot(op.name)];
        body = coerceXml(op.success.schema, root);
      } catch {
        // not XML either: the schema check below says what is wrong
      }
    }
    if (answer.status !== op.success.status)
      problems.push(`status ${answer.status}, not ${op.success.status}`);
    const parsed = op.success.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${op.success.name}: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`);
    }
    if (expected !== 'success' && expected !== 'documented') {
      problems.unshift(`a success, not ${expected.code}`);
    }
    return {
      ok: problems.length === 0,
      got: parsed.success
        ? `${answer.status} ${op.success.name}`
        : `${answer.status} ${oneLine(answer.text, 60)}`,
      problems,
    };
  }
  const got = `${answer.status} ${info.code}: ${oneLine(info.message, 70)}`;
  const candidates = [...op.errors, ...unmatchedErrors];
  const entry = candidates.find((e) => isEntry(e, answer.status, info.code, info.message));
  if (expected === 'success') problems.push('an error, not a success');
  else if (expected === 'documented') {
    if (!entry) problems.push(`not an error ${op.id} documents`);
  } else if (!isEntry(expected, answer.status, info.code, info.message)) {
    problems.push(`not ${expected.key}`);
  }
  const shapeOf = expected !== 'success' && expected !== 'documented' ? expected : entry;
  if (shapeOf) {
    const schema = errorBodies[shapeOf.shape];
    const checked = answers.errorBody ? answers.errorBody(info.body) : info.body;
    const parsed = schema?.schema.safeParse(checked);
    if (parsed && !parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${schema?.name}: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`);
    }
  }
  return { ok: problems.length === 0, got, ...(entry ? { entry } : {}), problems };
}
