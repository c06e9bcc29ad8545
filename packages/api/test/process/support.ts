/**
 * Helpers for the process-level tests: real server processes, a private redis-server, a TCP proxy in front of
 * PostgreSQL. Every child started here is remembered and killed when the test process exits, so a failed
 * assertion never leaves a server behind. Traffic stays on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (/work/main): the server is started from here, as `npm start` would. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const MAIN_TS = path.join(ROOT, 'packages/api/src/main.ts');
export const REDIS_SERVER = '/usr/bin/redis-server';
// One definition of these for every test: the harness's.
import { waitFor } from '../harness.js';
export { TEST_DATABASE_URL, waitFor } from '../harness.js';

export const PROC_JWT_SECRET = 'process-test-secret-that-is-long-enough-0000';
export const PROC_ENCRYPTION_KEY = 'ab'.repeat(32);

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A port nobody listens on right now (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(tmpdir(), `pulso-${tag}-`));
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** Resolves with the connection error code, or 'connected' when something accepted the connection. */
export function tryConnect(port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (what: string) => {
      sock.destroy();
      resolve(what);
    };
    sock.setTimeout(timeoutMs, () => done('timeout'));
    sock.once('connect', () => done('connected'));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  exited: Promise<Exit>;
  isRunning(): boolean;
  /** Resolves with the exit, or rejects after `ms`. */
  waitExit(ms: number): Promise<Exit>;
  /** Sends `signal` (SIGKILL by default) if still running and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

function track(proc: ChildProcess): Child {
  children.add(proc);
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<Exit>((resolve) =>
    proc.once('exit', (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  const isRunning = () => proc.exitCode === null && proc.signalCode === null;
  const waitExit = (ms: number) =>
    Promise.race([
      exited,
      sleep(ms).then(() => {
        throw new Error(`process ${proc.pid} still running after ${ms} ms; output:\n${out}`);
      }),
    ]);
  return {
    proc,
    pid: proc.pid!,
    output: () => out,
    exited,
    isRunning,
    waitExit,
    async stop(signal = 'SIGKILL') {
      if (isRunning()) proc.kill(signal);
      return waitExit(15_000);
    },
  };
}

/**
 * The environment of a server child: only what we pass, so the test runner's NODE_ENV, DATABASE_URL or
 * REDIS_URL never leak into it. A variable given as undefined is left out.
 */
export function serverEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PULSO_DEMO_DATA: 'false',
    JWT_SECRET: PROC_JWT_SECRET,
    DATA_ENCRYPTION_KEY: PROC_ENCRYPTION_KEY,
    ...vars,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Runs `node --import tsx packages/api/src/main.ts` from the repository root (always the current source). */
export function spawnServer(vars: Record<string, string | undefined>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN_TS], {
    cwd: ROOT,
    env: serverEnv(vars),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(proc);
}

export interface Server extends Child {
  port: number;
  base: string;
  startMs: number;
}

/** Starts a server on a port of ours and waits until GET /health answers 200. */
export async function startServer(
  vars: Record<string, string> & { PULSO_DATA_DIR: string },
  opts: { port?: number; timeoutMs?: number } = {},
): Promise<Server> {
  const port = opts.port ?? (await freePort());
  const t0 = performance.now();
  const child = spawnServer({ PORT: String(port), ...vars });
  const base = `http://127.0.0.1:${port}`;
  const until = performance.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (!child.isRunning())
      throw new Error(`server exited (${child.proc.exitCode}) before it was ready:\n${child.output()}`);
    if (performance.now() > until) {
      await child.stop();
      throw new Error(`server not ready after ${opts.timeoutMs ?? 60_000} ms:\n${child.output()}`);
    }
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  return { ...child, port, base, startMs: Math.round(performance.now() - t0) };
}

/** JSON over real HTTP. */
export async function http(
  base: string,
  method: string,
  url: string,
  o: { token?: string; gym?: number; body?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.gym !== undefined) headers['x-gym-id'] = String(o.gym);
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + url, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  // Tests read whatever the API answered; the contracts are checked by the module suites.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const hasRedisServer = existsSync(REDIS_SERVER);

export interface RedisServer extends Child {
  port: number;
  url: string;
}

/**
 * A private redis-server (no persistence) so that killing it never touches the machine's Redis. Waits until
 * it accepts connections.
 */
export async function startRedis(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  const proc = spawn(
    REDIS_SERVER,
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const child = track(proc);
  await waitFor(
    async () => {
      if (!child.isRunning()) throw new Error(`redis-server exited:\n${child.output()}`);
      return (await tryConnect(p, 500)) === 'connected';
    },
    10_000,
    `redis-server on port ${p}`,
  );
  return { ...child, port: p, url: `redis://127.0.0.1:${p}` };
}

/**
 * A TCP proxy on loopback: `close()` stops listening and cuts every connection (the database "disappears"),
 * `open()` listens again on the same port.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  get connections() {
    return this.sockets.size / 2;
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
