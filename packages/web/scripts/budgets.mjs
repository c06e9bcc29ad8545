// Size budgets of the web app (issue 16), measured gzipped from the build manifest of `vite build`:
// the JS the first page loads (the entry and its static imports) ≤ 170 KB, any lazily loaded chunk ≤ 80 KB,
// each CSS file ≤ 30 KB; and the entry's files at most 4: over HTTP/1.1 each costs a round trip on one of six
// connections (the `boot` group in vite.config.ts). Prints every figure; exits 1 when one is over.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// WEB_DIR: another build to check (as in bench/web.mjs).
const dist = process.env.WEB_DIR ?? new URL('../dist', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const KB = 1024;
const LIMITS = { initial: 170 * KB, initialFiles: 4, lazy: 80 * KB, css: 30 * KB };
const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;

const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
if (!entry) throw new Error('no entry in the build manifest');
const initial = new Set();
const visit = (key) => {
  const c = manifest[key];
  if (!c || initial.has(c.file)) return;
  initial.add(c.file);
  for (const k of c.imports ?? []) visit(k);
};
visit(entry[0]);

const fails = [];
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const initialJs = [...initial].filter((f) => f.endsWith('.js'));
const initialSize = initialJs.reduce((s, f) => s + gz(f), 0);
console.log(
  `initial JS (${initialJs.length} files, limit ${LIMITS.initialFiles}): ${kb(initialSize)} gz (limit ${kb(LIMITS.initial)})`,
);
if (initialSize > LIMITS.initial) fails.push('initial JS');
if (initialJs.length > LIMITS.initialFiles) fails.push(`initial JS in ${initialJs.length} files`);

const lazy = new Set(
  Object.values(manifest)
    .map((c) => c.file)
    .filter((f) => f.endsWith('.js') && !initial.has(f)),
);
let biggest = 0;
for (const f of lazy) {
  const size = gz(f);
  biggest = Math.max(biggest, size);
  if (size > LIMITS.lazy) fails.push(`${f} ${kb(size)}`);
}
console.log(`lazy chunks: ${lazy.size}, biggest ${kb(biggest)} gz (limit ${kb(LIMITS.lazy)})`);

const css = new Set(Object.values(manifest).flatMap((c) => c.css ?? []));
for (const f of css) {
  const size = gz(f);
  console.log(`${f}: ${kb(size)} gz (limit ${kb(LIMITS.css)})`);
  if (size > LIMITS.css) fails.push(`${f} ${kb(size)}`);
}
if (fails.length) {
  console.error(`over budget: ${fails.join(', ')}`);
  process.exit(1);
}
console.log('within budgets');
