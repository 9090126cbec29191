#!/usr/bin/env node
// Entry point of the `regiekamer` command; the compiled CLI lives in dist/ (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('regiekamer: not built yet; run `npm run build` first.');
  process.exit(2);
}
await import(pathToFileURL(main).href);
