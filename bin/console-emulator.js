#!/usr/bin/env node
// Runs the TypeScript sources directly (Node 20 has no type stripping), through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../emulator/cli.ts');
await main(process.argv.slice(2));
