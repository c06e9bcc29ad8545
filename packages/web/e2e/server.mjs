/* global fetch */
// Starts the built server (packages/api/dist) on a free loopback port with a fresh embedded database, and
// stops it. Used by the end-to-end run and the page-speed bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer({ env = {}, timeoutMs = 180_000 } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pulso-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'packages/api/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PULSO_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Every golden path's people browse from 127.0.0.1, and the per-IP limit is meant for one person or one
      // office: a whole run of scenarios (with pages that poll) is hundreds of people behind one address.
      RATE_LIMIT_MAX: '100000',
      // Likewise the sign-in limit (20 a minute per address by default): every page load refreshes the session,
      // and the golden paths sign in and reload faster than any one person, so a run could hit it mid-scenario.
      RATE_LIMIT_AUTH_MAX: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
