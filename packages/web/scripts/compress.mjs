// Precompresses the build (brotli at its best quality, gzip at 9) so the server never compresses per request:
// each text file X gets X.br and X.gz beside it when they are smaller. Run after `vite build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist', import.meta.url).pathname;
const TEXT = /\.(html|js|mjs|css|json|webmanifest|svg|txt)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

let count = 0;
for (const f of files(dist)) {
  if (!TEXT.test(f) || f.includes(`${path.sep}.vite${path.sep}`)) continue;
  const raw = readFileSync(f);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = gzipSync(raw, { level: 9 });
  if (br.length < raw.length) writeFileSync(f + '.br', br);
  if (gz.length < raw.length) writeFileSync(f + '.gz', gz);
  count++;
}
console.log(`compressed ${count} files in ${path.relative(process.cwd(), dist)}`);
