#!/usr/bin/env node
import { existsSync } from 'node:fs';

// In a checkout, run the TypeScript sources (Node 20 has no type stripping) through tsx's loader, so the bin is
// never a stale build; the published package has no sources, only the compiled dist/.
const sources = new URL('../emulator/cli.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/emulator/cli.js'));
}
await main(process.argv.slice(2));
