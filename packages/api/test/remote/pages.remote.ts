/**
 * The server's pages opened from another machine (issue 19): Pulso listens on all interfaces on the host side of
 * a veth pair, and headless Chromium runs inside a network namespace of this test's own, on the other end of a
 * private /30. It opens each page by the address `npm start` printed, as a laptop on the same network would;
 * every request of the page must succeed and the page must render. On `localhost` this proves little: browsers
 * treat it as a secure origin, so a CSP `upgrade-insecure-requests` that blanks the page for everyone else
 * goes unnoticed there.
 *
 * Needs root (`ip netns`), iproute2 and Chromium (`apt-get install chromium`; `.ci/run` installs it). Without
 * them the suite is skipped and says why, unless PULSO_REMOTE_REQUIRED=1 (CI), where that is a failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, tempDir, type Server } from '../process/support.js';

/**
 * The pages to open and the selector that shows each has rendered. The web app, once the server serves it,
 * is one more line: `{ path: '/', ready: '<its root element once mounted>' }`.
 */
const PAGES = [{ path: '/docs', ready: '.swagger-ui .opblock' }];

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BROWSE = fileURLToPath(new URL('./browse.mjs', import.meta.url));
const SHOTS = process.env.PULSO_REMOTE_SCREENSHOTS; // a directory, to look at the pages afterwards

// Names and addresses of this run: the pid keeps two runs on one machine apart (interface names ≤ 15 chars).
// 10.213.x.0/30 is private (RFC 1918) and exists only between the two ends of the veth pair.
const NS = `pulso-remote-${process.pid}`;
const VETH_HOST = `pvh${process.pid}`;
const VETH_NS = `pvn${process.pid}`;
const OCTET = process.pid % 256;
const HOST_IP = `10.213.${OCTET}.1`;
const NS_IP = `10.213.${OCTET}.2`;

const has = (bin: string) =>
  ['/usr/sbin', '/sbin', '/usr/bin', '/bin'].some((d) => existsSync(`${d}/${bin}`));

function whyNot(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'not root: creating a network namespace needs root';
  if (!has('ip')) return 'no `ip` command (iproute2)';
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  return null;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Removes this run's namespace (which takes the veth pair with it); safe to call twice. */
function removeNamespace() {
  try {
    ip('netns', 'del', NS);
  } catch {
    /* not there */
  }
}

/** Namespaces of earlier runs that were killed before their cleanup (their pid is gone). */
function removeStaleNamespaces() {
  const dir = '/run/netns';
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = /^pulso-remote-(\d+)$/.exec(name)?.[1];
    if (!pid || existsSync(`/proc/${pid}`)) continue;
    try {
      ip('netns', 'del', name);
    } catch {
      /* raced with another cleanup */
    }
  }
}

function createNamespace() {
  removeStaleNamespaces();
  ip('netns', 'add', NS);
  // From here on, whatever happens, the namespace goes: afterAll, or the exit of the test process.
  process.once('exit', removeNamespace);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      removeNamespace();
      process.exit(1);
    });
  ip('link', 'add', VETH_HOST, 'type', 'veth', 'peer', 'name', VETH_NS);
  ip('link', 'set', VETH_NS, 'netns', NS);
  ip('addr', 'add', `${HOST_IP}/30`, 'dev', VETH_HOST);
  ip('link', 'set', VETH_HOST, 'up');
  ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_IP}/30`, 'dev', VETH_NS);
  ip('netns', 'exec', NS, 'ip', 'link', 'set', VETH_NS, 'up');
  ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
}

interface PageResult {
  path: string;
  status: number | null;
  rendered: boolean;
  text: string;
  requests: string[];
  failed: { url: string; error: string }[];
  badStatus: { url: string; status: number }[];
  errors: string[];
}

/** Runs browse.mjs inside the namespace and returns what it saw. */
function browseFromNamespace(base: string): Promise<PageResult[]> {
  return new Promise((resolve, reject) => {
    const args = ['netns', 'exec', NS, process.execPath, BROWSE, base, JSON.stringify(PAGES)];
    if (SHOTS) args.push(SHOTS);
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHROMIUM } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as PageResult[]);
      else reject(new Error(`browse.mjs exited ${code}:\n${out}\n${err}`));
    });
  });
}

const reason = whyNot();
if (reason) {
  if (process.env.PULSO_REMOTE_REQUIRED === '1') throw new Error(`remote page test cannot run: ${reason}`);
  console.warn(`remote page test skipped: ${reason}`);
}

describe.skipIf(reason !== null)('pages opened from another machine', () => {
  const dir = tempDir('remote');
  let server: Server | undefined;
  let printed = '';

  beforeAll(async () => {
    createNamespace();
    // As a newcomer runs it, on all interfaces (startServer picks a free port).
    server = await startServer({ HOST: '0.0.0.0', PULSO_DATA_DIR: dir });
    printed = server.output();
  }, 120_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    removeNamespace();
    removeDir(dir);
  });

  it('the namespace reaches nothing but the host end of its veth pair', () => {
    const routes = ip('netns', 'exec', NS, 'ip', '-4', 'route');
    expect(routes).toContain(`10.213.${OCTET}.0/30`);
    expect(routes).not.toContain('default');
  });

  it('prints the address the other machine uses', () => {
    expect(printed).toContain(`From other machines:`);
    expect(printed).toContain(`http://${HOST_IP}:${server!.port}/docs`);
  });

  it('every page loads all its assets over plain HTTP and renders', async () => {
    const base = `http://${HOST_IP}:${server!.port}`;
    const results = await browseFromNamespace(base);
    expect(results.map((r) => r.path)).toEqual(PAGES.map((p) => p.path));
    for (const r of results) {
      const seen = JSON.stringify(r, null, 2);
      expect(r.status, seen).toBe(200);
      expect(r.failed, seen).toEqual([]);
      expect(r.badStatus, seen).toEqual([]);
      expect(r.errors, seen).toEqual([]);
      expect(r.rendered, seen).toBe(true);
      // The page really loaded its scripts and styles, each from the server as addressed, never upgraded.
      expect(r.requests.filter((u) => /\.(js|css)(\?|$)/.test(u)).length, seen).toBeGreaterThanOrEqual(3);
      for (const u of r.requests) expect(u.startsWith(`${base}/`) || u.startsWith('data:'), u).toBe(true);
    }
    // Swagger UI drew the operations from the server's document.
    expect(results.find((r) => r.path === '/docs')!.text).toMatch(/GET|POST/);
  });
});
