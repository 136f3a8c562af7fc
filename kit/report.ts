import { displayWidth } from '../emulator/table.ts';
import type { CheckReport } from './check.ts';
import { type XmlElement, xmlDocument } from './report-xml.ts';
import type { CaseResult, Verdict } from './verify.ts';

/**
 * How `verify` and `check` report: a table for people (at most 100 columns), JSON for scripts, JUnit XML for
 * CI systems, and GitHub Actions annotations beside any of them. docs/kit.md documents each shape; the JSON
 * and XML ones are stable (`formatVersion` changes when a field does).
 */
export const REPORTERS = ['table', 'json', 'junit'] as const;
export type Reporter = (typeof REPORTERS)[number];

/** The table's width, in terminal columns. */
const WIDTH = 100;
/** The widest the table's expected column gets before it wraps. */
const EXPECTED_WIDTH = 46;

/** `text` cut into lines of at most `width` columns, at spaces where it can be. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const joined = line ? `${line} ${word}` : word;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const ch of word) {
      if (displayWidth(line + ch) > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  return [...lines, line];
}

const padTo = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** The expected answer without its catalogue key where the key only repeats the code (`400 InvalidVersion`). */
function expectedShort(expected: string): string {
  const match = /^(\d+ (.+)) \(([^()]+)\)$/.exec(expected);
  return match && match[2] === match[3] ? (match[1] as string) : expected;
}

const count = (results: readonly CaseResult[], verdict: Verdict) =>
  results.filter((r) => r.verdict === verdict).length;

/** What went wrong with a failed case, in one line: the judge's problems, what was expected and what came. */
function failureText(r: CaseResult): string {
  const why = r.problems.filter((p) => !r.got.includes(p));
  return `${why.length ? `${why.join('; ')}: ` : ''}expected ${r.expected}, got ${r.got}`;
}

/**
 * The table `verify` prints: the cases under their `provider.operation`, each with its verdict and the answer
 * it expects; under a failure what came back, under a skip why; then every failure again, and the counts.
 */
export function formatResults(results: readonly CaseResult[]): string {
  const expectedWidth = Math.min(
    EXPECTED_WIDTH,
    Math.max(0, ...results.map((r) => displayWidth(expectedShort(r.expected)))),
  );
  const titleWidth = Math.min(
    WIDTH - 10 - expectedWidth,
    Math.max(0, ...results.map((r) => displayWidth(r.title))),
  );
  const lines: string[] = [];
  let group = '';
  for (const r of results) {
    const heading = `${r.provider}.${r.operation}`;
    if (heading !== group) lines.push(heading);
    group = heading;
    const title = wrap(r.title, titleWidth);
    const expected = wrap(expectedShort(r.expected), expectedWidth);
    for (let i = 0; i < Math.max(title.length, expected.length); i++) {
      const verdict = i === 0 ? r.verdict : '';
      lines.push(
        `  ${padTo(verdict, 4)}  ${padTo(title[i] ?? '', titleWidth)}  ${expected[i] ?? ''}`.trimEnd(),
      );
    }
    const note = r.verdict === 'FAIL' ? `got ${r.got}` : r.verdict === 'skip' ? r.problems.join('; ') : '';
    if (note) for (const line of wrap(note, WIDTH - 10)) lines.push(`          ${line}`);
  }
  const failures = results
    .filter((r) => r.verdict === 'FAIL')
    .flatMap((r) =>
      wrap(`✗ ${r.provider}.${r.case}: ${r.problems.join('; ')}`, WIDTH).map((line, i) =>
        i === 0 ? line : `    ${line}`,
      ),
    );
  const summary = `${count(results, 'pass')} passed, ${count(results, 'FAIL')} failed, ${count(results, 'skip')} skipped`;
  return [...lines, '', ...failures, ...(failures.length ? [''] : []), summary].join('\n');
}

/** `verify`'s JSON report (docs/kit.md "Reports"). */
export function resultsJson(results: readonly CaseResult[], baseUrl: string): string {
  return `${JSON.stringify(
    {
      report: 'console-emulator verify',
      formatVersion: 1,
      baseUrl,
      summary: {
        total: results.length,
        passed: count(results, 'pass'),
        failed: count(results, 'FAIL'),
        skipped: count(results, 'skip'),
      },
      cases: results.map((r) => ({
        provider: r.provider,
        operation: r.operation,
        case: r.title,
        verdict: r.verdict === 'FAIL' ? 'fail' : r.verdict,
        expected: r.expected,
        got: r.got,
        problems: r.problems,
        ms: r.ms,
      })),
    },
    null,
    2,
  )}\n`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A `testsuite` or `testsuites` element's counts and time. */
function counts(cases: readonly CaseResult[]) {
  return {
    tests: cases.length,
    failures: count(cases, 'FAIL'),
    errors: 0,
    skipped: count(cases, 'skip'),
    time: seconds(cases.reduce((sum, r) => sum + r.ms, 0)),
  };
}

/**
 * `verify`'s JUnit XML: a `testsuite` per provider, a `testcase` per contract case (classname
 * `provider/operation`, name the case), a `failure` with what was expected, what came back and why it fails.
 */
export function resultsJunit(results: readonly CaseResult[]): string {
  const providers = [...new Set(results.map((r) => r.provider))];
  return xmlDocument({
    name: 'testsuites',
    attributes: { name: 'console-emulator verify', ...counts(results) },
    children: providers.map((provider) => {
      const cases = results.filter((r) => r.provider === provider);
      return {
        name: 'testsuite',
        attributes: { name: provider, ...counts(cases) },
        children: cases.map((r): XmlElement => {
          const outcome: XmlElement[] =
            r.verdict === 'FAIL'
              ? [
                  {
                    name: 'failure',
                    attributes: { message: failureText(r), type: 'contract' },
                    children: [`expected: ${r.expected}`, `got: ${r.got}`, ...r.problems].join('\n'),
                  },
                ]
              : r.verdict === 'skip'
                ? [{ name: 'skipped', attributes: { message: r.problems.join('; ') } }]
                : [];
          return {
            name: 'testcase',
            attributes: { classname: `${r.provider}/${r.operation}`, name: r.title, time: seconds(r.ms) },
            children: outcome,
          };
        }),
      };
    }),
  });
}

/** GitHub escapes a workflow command's data: `%`, CR and LF; a property's also `:` and `,`. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A GitHub Actions `::error` annotation: the job's summary and the run's log show it. */
export function annotation(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** An annotation per failed case. */
export function resultsAnnotations(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.verdict === 'FAIL')
    .map((r) => annotation(`verify ${r.provider}.${r.case}`, failureText(r)));
}

/** What `check` ran, and how that ended. */
export interface CheckedCommand {
  argv: readonly string[];
  exitCode: number;
}

/** A violation's request, `#2 <provider> remoteConsoles POST /v2.1/…`, and the answer's status and code. */
function violationParts(v: CheckReport['violations'][number]) {
  const e = v.entry;
  return {
    request: `#${e.seq} ${e.provider} ${e.operation} ${e.method} ${e.path}`,
    answer: `${e.status} ${v.error ? `${v.error.code} (${v.error.key})` : (e.code ?? '')}`.trimEnd(),
  };
}

/** `check`'s JSON report (docs/kit.md "Reports"). */
export function checkJson(report: CheckReport, command: CheckedCommand): string {
  return `${JSON.stringify(
    {
      report: 'console-emulator check',
      formatVersion: 1,
      command,
      exitCode: report.exitCode,
      requests: report.requests,
      violations: report.violations.map((v) => ({
        kind: v.kind,
        seq: v.entry.seq,
        provider: v.entry.provider,
        operation: v.entry.operation,
        method: v.entry.method,
        path: v.entry.path,
        status: v.entry.status,
        code: v.error?.code ?? v.entry.code ?? null,
        catalogueKey: v.error?.key ?? null,
        message: v.message,
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * `check`'s JUnit XML: a `testcase` for the command (failing when it exits non-zero) and one per violation
 * (classname `provider/operation`, name the request), failing with the provider's answer.
 */
export function checkJunit(report: CheckReport, command: CheckedCommand): string {
  const commandCase: XmlElement = {
    name: 'testcase',
    attributes: { classname: 'command', name: command.argv.join(' ') },
    children:
      command.exitCode === 0
        ? []
        : [{ name: 'failure', attributes: { message: `the command exited with ${command.exitCode}` } }],
  };
  const violationCases = report.violations.map((v): XmlElement => {
    const { request, answer } = violationParts(v);
    return {
      name: 'testcase',
      attributes: {
        classname: `${v.entry.provider}/${v.entry.operation}`,
        name: `#${v.entry.seq} ${v.entry.method} ${v.entry.path}`,
      },
      children: [
        {
          name: 'failure',
          attributes: { message: `${v.kind}: ${answer}: ${v.message}`, type: v.kind },
          children: `${request}\n→ ${answer}: ${v.message}`,
        },
      ],
    };
  });
  const cases = [commandCase, ...violationCases];
  const failures = violationCases.length + (command.exitCode === 0 ? 0 : 1);
  const attributes = { tests: cases.length, failures, errors: 0, skipped: 0 };
  return xmlDocument({
    name: 'testsuites',
    attributes: { name: 'console-emulator check', ...attributes },
    children: [{ name: 'testsuite', attributes: { name: 'check', ...attributes }, children: cases }],
  });
}

/** An annotation per violation. */
export function checkAnnotations(report: CheckReport): string[] {
  return report.violations.map((v) => {
    const { request, answer } = violationParts(v);
    return annotation(`check: ${v.kind}`, `${request} → ${answer}: ${v.message}`);
  });
}
