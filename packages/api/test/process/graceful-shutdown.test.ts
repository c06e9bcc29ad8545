/**
 * SIGTERM (what an orchestrator sends before it kills): the request in flight is answered and its write kept,
 * the listener stops taking connections at once, idle keep-alive connections do not hold the exit up, and the
 * process exits 0 well before the 10 s grace period.
 */
import { randomUUID } from 'node:crypto';
import { request, Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { http, removeDir, sleep, startServer, tempDir, tryConnect, waitFor, type Server } from './support.js';

const PASSWORD = 'correct horse battery';

let servers: Server[] = [];
let dir: string | undefined;
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  servers = [];
  if (dir) removeDir(dir);
});

/** A POST whose body we send in two parts, so the request is in flight for as long as we like. */
function slowPost(port: number, url: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: url,
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      req.write(payload.subarray(0, half));
      finish = () => req.end(payload.subarray(half));
    },
  );
  return { response, finish: () => finish() };
}

describe('SIGTERM', () => {
  it(
    'finishes the request in flight, refuses new connections and exits 0',
    { timeout: 180_000 },
    async () => {
      dir = tempDir('shutdown');
      const server = await startServer({ PULSO_DATA_DIR: dir });
      servers.push(server);

      // An idle keep-alive connection: it must not delay the exit.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const idle = await new Promise<number>((resolve, reject) =>
        request({ host: '127.0.0.1', port: server.port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        })
          .on('error', reject)
          .end(),
      );
      expect(idle).toBe(200);

      const email = `sigterm-${randomUUID().slice(0, 12)}@test.pulso.example`;
      const inflight = slowPost(server.port, '/api/v1/auth/register', {
        email,
        password: PASSWORD,
        name: 'In Flight',
      });
      // Let the server read the headers and start on the request before the signal arrives.
      await sleep(300);
      const t0 = performance.now();
      server.proc.kill('SIGTERM');
      // The listener is closed while the in-flight request is still waiting for its body, and the process
      // stays up for it.
      await waitFor(
        async () => (await tryConnect(server.port)) === 'ECONNREFUSED',
        10_000,
        'the listener to close',
      );
      expect(server.isRunning()).toBe(true);

      inflight.finish();
      const res = await inflight.response;
      expect(res.status, res.body).toBe(201);
      expect(JSON.parse(res.body)).toMatchObject({ user: { email } });

      const exit = await server.waitExit(15_000);
      const exitMs = Math.round(performance.now() - t0);
      expect(exit).toEqual({ code: 0, signal: null });
      // Before SHUTDOWN_GRACE_MS (10 s in main.ts), when the process would be forced out saying so (checked on
      // its output below): nothing, the idle keep-alive socket included, held it up. The bound is the grace
      // itself, not a guess at how fast a loaded machine finishes the request (a 5 s bound failed at 6.3 s with
      // two test suites sharing two cores).
      expect(exitMs).toBeLessThan(10_000);
      expect(await tryConnect(server.port)).toBe('ECONNREFUSED');
      agent.destroy();
      expect(server.output()).not.toMatch(/did not finish in time|shutdown failed/);

      // The answered write was committed before the database closed.
      const again = await startServer({ PULSO_DATA_DIR: dir });
      servers.push(again);
      const login = await http(again.base, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      expect(login.status, login.text).toBe(200);
      console.log(
        `[graceful-shutdown] SIGTERM to exit ${exitMs} ms (500 ms of it waiting for the request body)`,
      );
    },
  );
});
