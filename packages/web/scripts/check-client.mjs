// Fails when src/api/schema.d.ts is not what openapi-typescript makes of packages/api/openapi.json now
// (regenerate with `npm run generate-client -w packages/web`).
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const web = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'pulso-client-'));
try {
  const out = path.join(dir, 'schema.d.ts');
  execFileSync('npx', ['openapi-typescript', '../api/openapi.json', '-o', out], { cwd: web, stdio: 'pipe' });
  const fresh = readFileSync(out, 'utf8');
  const committed = readFileSync(path.join(web, 'src/api/schema.d.ts'), 'utf8');
  if (fresh !== committed) {
    console.error(
      'packages/web/src/api/schema.d.ts is stale: run `npm run generate-client -w packages/web` and commit it.',
    );
    process.exit(1);
  }
  console.log('typed client is up to date with openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
