import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runPulso } from '../../cli/run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'pulso-foods-cli-'));
const sample = (name: string) => fileURLToPath(new URL(`./samples/${name}`, import.meta.url));
const pulso = (args: string[]) => runPulso(args, { dataDir: path.join(tmp, 'data'), home: tmp });

beforeAll(() => {
  // The bin runs the compiled code; the build is incremental.
  execFileSync('npx', ['tsc', '-b', 'packages/api'], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pulso import-foods', { timeout: 180_000 }, () => {
  it('imports a JSONL export into the shared foods, prints progress and the skipped rows by reason', async () => {
    const r = await pulso(['import-foods', sample('off-sample.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('into the shared foods: 10 rows read: 2 new, 0 updated, 8 skipped.');
    expect(r.stdout).toMatch(/Skipped rows by reason: .*energy_mismatch 1/);
    expect(r.stderr).toContain('10 rows read: 2 new');
    const again = await pulso(['import-foods', sample('off-sample.jsonl')]);
    expect(again.stdout).toContain('10 rows read: 0 new, 2 updated, 8 skipped.');
  });

  it('refuses a missing file or an unknown gym (exit 2)', async () => {
    const missing = await pulso(['import-foods', path.join(tmp, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const gym = await pulso(['import-foods', sample('off-sample.csv'), '--gym', '999999']);
    expect(gym.code).toBe(2);
    expect(gym.stderr).toContain('no gym with id 999999');
  });
});
