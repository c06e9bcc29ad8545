/**
 * Start-up configuration, checked on the real entry point: a configuration that cannot work stops the
 * process with a non-zero code and a message naming the variable to fix; PULSO_WORKERS=N with PostgreSQL
 * runs N workers on one port and stops cleanly on SIGTERM.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  http,
  PROC_ENCRYPTION_KEY,
  removeDir,
  spawnServer,
  startServer,
  tempDir,
  TEST_DATABASE_URL,
  tryConnect,
  waitFor,
  type Child,
} from './support.js';

const started: Child[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of started) await c.stop('SIGKILL');
  for (const d of dirs) removeDir(d);
});

async function refusesToStart(vars: Record<string, string | undefined>) {
  const dir = tempDir('startup');
  dirs.push(dir);
  const child = spawnServer({ PULSO_DATA_DIR: dir, PORT: String(await freePort()), ...vars });
  started.push(child);
  const exit = await child.waitExit(90_000);
  return { exit, output: child.output() };
}

// Each case starts the entry point through tsx, which takes seconds on a loaded machine before it can refuse.
describe('a configuration that cannot work', { timeout: 120_000 }, () => {
  it('PULSO_WORKERS=2 without DATABASE_URL exits non-zero naming PULSO_WORKERS', async () => {
    const { exit, output } = await refusesToStart({ PULSO_WORKERS: '2' });
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(output).toMatch(/PULSO_WORKERS/);
    expect(output).toMatch(/DATABASE_URL/);
  });

  it('a DATABASE_URL that is not a postgres URL exits non-zero naming DATABASE_URL', async () => {
    const { exit, output } = await refusesToStart({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/pulso' });
    expect(exit.code).toBe(1);
    expect(output).toMatch(/DATABASE_URL/);
  });

  it('a DATABASE_URL that nothing answers exits non-zero naming DATABASE_URL', async () => {
    const port = await freePort();
    const { exit, output } = await refusesToStart({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/pulso`,
    });
    expect(exit.code).toBe(1);
    expect(output).toMatch(/DATABASE_URL/);
    expect(output).toMatch(/ECONNREFUSED/);
  });

  it('NODE_ENV=production without JWT_SECRET exits non-zero naming JWT_SECRET', async () => {
    const { exit, output } = await refusesToStart({
      NODE_ENV: 'production',
      JWT_SECRET: undefined,
      DATA_ENCRYPTION_KEY: PROC_ENCRYPTION_KEY,
    });
    expect(exit.code).toBe(1);
    expect(output).toMatch(/JWT_SECRET/);
    // It did not quietly generate a development secret instead.
    expect(output).not.toMatch(/listening/);
  });

  it('NODE_ENV=production with a short JWT_SECRET exits non-zero naming JWT_SECRET', async () => {
    const { exit, output } = await refusesToStart({ NODE_ENV: 'production', JWT_SECRET: 'too-short' });
    expect(exit.code).toBe(1);
    expect(output).toMatch(/JWT_SECRET/);
  });
});

// Several workers need a database outside the process: only with the PostgreSQL server of the run.
describe.skipIf(!TEST_DATABASE_URL)('PULSO_WORKERS=2 with DATABASE_URL', () => {
  it('brings both workers up on one port and exits 0 on SIGTERM', { timeout: 150_000 }, async () => {
    const dir = tempDir('workers');
    dirs.push(dir);
    // LOG_LEVEL=info: each worker logs "Server listening" with its pid.
    const server = await startServer({
      PULSO_DATA_DIR: dir,
      DATABASE_URL: TEST_DATABASE_URL!,
      PULSO_WORKERS: '2',
      LOG_LEVEL: 'info',
    });
    started.push(server);

    const listening = () =>
      new Set(
        server
          .output()
          .split('\n')
          .filter((l) => l.includes('Server listening'))
          .map((l) => (JSON.parse(l) as { pid: number }).pid),
      );
    await waitFor(() => listening().size === 2, 60_000, 'two workers listening');
    const workers = [...listening()];
    expect(workers).not.toContain(server.pid);

    for (let i = 0; i < 6; i++) {
      const res = await http(server.base, 'GET', '/health');
      expect(res.status).toBe(200);
    }

    server.proc.kill('SIGTERM');
    const exit = await server.waitExit(20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(await tryConnect(server.port)).toBe('ECONNREFUSED');
    // The primary did not replace the workers it stopped.
    expect(server.output()).not.toMatch(/starting another/);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
