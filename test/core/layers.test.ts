import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ARCHITECTURE.md's import rules: which parts each part may import. Tests beside the sources (`*.test.ts`) may
 * import anything, as `test/` does; no part imports `test/`, `bench/`, `scripts/` or `bin/`.
 */
const MAY_IMPORT = {
  contracts: [],
  client: ['contracts'],
  emulator: ['contracts'],
  kit: ['contracts', 'client', 'emulator'],
  openapi: ['contracts', 'emulator'],
  cli: ['contracts', 'emulator', 'kit'],
} as const satisfies Record<string, readonly string[]>;
type Part = keyof typeof MAY_IMPORT;
const PARTS = Object.keys(MAY_IMPORT) as Part[];
const NEVER_IMPORTED = ['test', 'bench', 'scripts', 'bin'];

/** The package's own subpaths (`console-emulator/kit`, …): where their source condition points. */
const exportsMap = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
  }
).exports;
function selfReference(specifier: string): string | undefined {
  if (specifier !== 'console-emulator' && !specifier.startsWith('console-emulator/')) return undefined;
  const subpath = `.${specifier.slice('console-emulator'.length)}`;
  for (const [key, target] of Object.entries(exportsMap)) {
    const source = typeof target === 'string' ? target : target['console-emulator-source'];
    const pattern = new RegExp(`^${key.replace(/[.]/g, '\\.').replace('*', '.*')}$`);
    if (source && pattern.test(subpath)) return normalize(source.replace('*', 'x'));
  }
  return undefined;
}

/**
 * Every import of a file (static, dynamic, type-only, `export … from`, side-effect), as TypeScript's own
 * pre-processor reads them, resolved to a path from the repository's root; packages other than this one are
 * left out.
 */
function importsOf(file: string, text: string): { specifier: string; target: string }[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.flatMap(({ fileName: specifier }) => {
    const target = specifier.startsWith('.')
      ? relative(ROOT, join(ROOT, dirname(file), specifier))
      : selfReference(specifier);
    return target === undefined ? [] : [{ specifier, target }];
  });
}

const topFolder = (path: string) => path.split(/[\\/]/)[0] ?? '';

/** Each import of `files` (paths from the root, with their text) that breaks the rules, as `file → specifier`. */
function brokenImports(files: { file: string; text: string }[]): string[] {
  const broken: string[] = [];
  for (const { file, text } of files) {
    const part = topFolder(file) as Part;
    if (!PARTS.includes(part) || file.endsWith('.test.ts')) continue;
    for (const { specifier, target } of importsOf(file, text)) {
      const to = topFolder(target);
      const allowed =
        to === part ||
        (PARTS.includes(to as Part)
          ? (MAY_IMPORT[part] as readonly string[]).includes(to)
          : !NEVER_IMPORTED.includes(to) && !target.startsWith('..'));
      if (!allowed) broken.push(`${file} → ${specifier}`);
    }
  }
  return broken;
}

function sourcesOf(dir: string): { file: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => {
      const file = relative(ROOT, join(entry.parentPath, entry.name));
      return { file, text: readFileSync(join(ROOT, file), 'utf8') };
    });
}

describe('the import rules between the parts', () => {
  it('hold for every source file', () => {
    const files = PARTS.flatMap(sourcesOf);
    // Each part has sources, and the parts do import one another: the rules are checked on something.
    for (const part of PARTS) expect(files.some((f) => topFolder(f.file) === part)).toBe(true);
    expect(files.flatMap((f) => importsOf(f.file, f.text)).length).toBeGreaterThan(200);
    expect(brokenImports(files)).toEqual([]);
  });

  it('catch every form of import, by path or by the package’s own name', () => {
    const text = [
      "import { x } from '../kit/index.ts';",
      "import type { Y } from '../cli/main.ts';",
      "export { z } from '../openapi/generate.ts';",
      "const later = await import('../kit/check.ts');",
      "import 'console-emulator/kit';",
      "import { request } from '../test/helpers.ts';",
      "import { fine } from '../contracts/scenario.ts';",
      "import { same } from './journal.ts';",
      "import { Hono } from 'hono';",
    ].join('\n');
    expect(brokenImports([{ file: 'emulator/sample.ts', text }])).toEqual([
      'emulator/sample.ts → ../kit/index.ts',
      'emulator/sample.ts → ../cli/main.ts',
      'emulator/sample.ts → ../openapi/generate.ts',
      'emulator/sample.ts → ../kit/check.ts',
      'emulator/sample.ts → console-emulator/kit',
      'emulator/sample.ts → ../test/helpers.ts',
    ]);
    expect(
      brokenImports([{ file: 'contracts/x.ts', text: "import { c } from 'console-emulator/client';" }]),
    ).toEqual(['contracts/x.ts → console-emulator/client']);
    expect(brokenImports([{ file: 'emulator/x.test.ts', text }])).toEqual([]);
  });
});
