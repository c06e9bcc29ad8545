#!/usr/bin/env node
// The command line runs the compiled code; `npm start` and `npm run build` produce it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('pulso: not built yet; run `npm run build` first');
  process.exit(1);
}
await import(entry.href);
