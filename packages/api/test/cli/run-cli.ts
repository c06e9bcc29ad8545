import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_JWT_SECRET } from '../harness.js';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const BIN = path.join(ROOT, 'packages/api/bin/pulso.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI with only the environment given here (PATH, HOME, the data dir and a JWT secret, then
 * `env`): no DATABASE_URL or REDIS_URL of the test process leaks in. Killed after `timeoutMs` (60 s).
 */
export function runPulso(
  args: string[],
  o: { dataDir: string; home: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: o.home,
        PULSO_DATA_DIR: o.dataDir,
        JWT_SECRET: TEST_JWT_SECRET,
        ...o.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
