import { readFile } from 'node:fs/promises';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { operations, unmatchedErrors } from '../../contracts/operations.ts';
import { contractOf } from '../../contracts/providers.ts';
import { openApiText, PROVIDERS } from '../../openapi/generate.ts';
import { useEmulator } from '../helpers.ts';

describe.each(PROVIDERS)('openapi/%s.json', (provider) => {
  it('is what the contracts generate (run `npm run openapi` after changing a contract)', async () => {
    const committed = await readFile(new URL(`../../openapi/${provider}.json`, import.meta.url), 'utf8');
    expect(committed).toBe(await openApiText(provider));
  });

  it('validates as OpenAPI 3.1 without errors or warnings', async () => {
    const result = await validate(JSON.parse(await openApiText(provider)));
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('names every catalogue error in some operation or among the unmatched-path answers', () => {
    const named = new Set([
      ...operations[provider].flatMap((op) => op.errors.map((entry) => entry.key)),
      ...unmatchedErrors[provider].map((entry) => entry.key),
    ]);
    expect(Object.keys(contractOf(provider).errors).filter((key) => !named.has(key))).toEqual([]);
  });

  it('has every error example exactly as the catalogue writes it', async () => {
    const doc = JSON.parse(await openApiText(provider));
    for (const entry of Object.values(contractOf(provider).errors)) {
      const example = Object.entries(doc.components.examples as Record<string, { value: unknown }>).find(
        ([name]) => name === entry.key || name.startsWith(`${entry.key}_`),
      );
      expect(example, entry.key).toBeDefined();
      expect(JSON.stringify(example?.[1].value)).toContain(JSON.stringify(entry.message).slice(1, -1));
    }
  });
});

describe('the emulator serves the documents', () => {
  const emu = useEmulator();

  it.each(PROVIDERS)('GET /openapi/%s.json answers the committed file', async (provider) => {
    const response = await fetch(`${emu.current.url}/openapi/${provider}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(
      await readFile(new URL(`../../openapi/${provider}.json`, import.meta.url), 'utf8'),
    );
  });

  it('GET /docs is a self-contained HTML page naming every operation', async () => {
    const response = await fetch(`${emu.current.url}/docs`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const op of Object.values(operations).flat()) expect(html).toContain(op.name);
    expect(html).not.toMatch(/<script|https?:\/\/(cdn|unpkg|fonts)\./);
  });
});
