import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { type ScenarioInput, scenario } from '../contracts/scenario.ts';
import { PROVIDER_MODULES } from './providers/index.ts';
import { demoScenario } from './scenario.ts';

/** A scenario file that cannot be used, with every problem as `file: path: problem`. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ScenarioFileError';
  }
}

/** Fixed, so the same file always gives the same ids. */
export const FILL_SEED = 20_261_123;

function parseText(file: string, text: string): unknown {
  const kind = extname(file).toLowerCase();
  if (kind === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ScenarioFileError(file, [`not valid JSON: ${(error as Error).message}`]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ScenarioFileError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** Validates a scenario object, filling in what may be left out, and reports problems precisely. */
export async function validateScenario(file: string, value: unknown): Promise<ScenarioInput> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioFileError(file, [
      `the top level must be an object with provider keys (${PROVIDER_MODULES.map((m) => m.name).join(', ')})`,
    ]);
  }
  const loose = value as Record<string, unknown>;
  // What each provider fills in when a scenario leaves it out (ids, hosts, …).
  const fills = PROVIDER_MODULES.flatMap((m) => {
    const part = loose[m.name];
    return m.fill && typeof part === 'object' && part !== null
      ? [{ fill: m.fill, part: part as Record<string, unknown> }]
      : [];
  });
  if (fills.length > 0) {
    const { faker } = await import('@faker-js/faker');
    // Seeded afresh for each provider: what one fills in does not depend on what the file says of another.
    for (const { fill, part } of fills) {
      faker.seed(FILL_SEED);
      fill(part, faker);
    }
  }
  const result = scenario.strict().safeParse(loose);
  if (!result.success) {
    throw new ScenarioFileError(
      file,
      result.error.issues.map(
        (issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
      ),
    );
  }
  return loose as ScenarioInput;
}

/** Reads a JSON or YAML scenario file (`--scenario FILE`). */
export async function loadScenarioFile(file: string): Promise<ScenarioInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(file, [
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    ]);
  }
  return validateScenario(file, parseText(file, text));
}

/** The demo scenario as a starting point for one's own (`console-emulator scenario --print-demo`). */
export function printDemo(format: 'json' | 'yaml'): string {
  return format === 'yaml' ? stringifyYaml(demoScenario) : `${JSON.stringify(demoScenario, null, 2)}\n`;
}
