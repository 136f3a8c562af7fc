import { writeFile } from 'node:fs/promises';
import { openApiText, PROVIDERS } from './generate.ts';

/** `npm run openapi`: regenerates `openapi/<provider>.json` from the contracts. */
for (const provider of PROVIDERS) {
  const file = new URL(`./${provider}.json`, import.meta.url);
  await writeFile(file, await openApiText(provider));
  process.stdout.write(`wrote openapi/${provider}.json\n`);
}
