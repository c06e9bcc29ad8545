/**
 * Design §6: every write that returned 2xx survives `kill -9` of the process, on the embedded PGlite (file
 * backed) and on PostgreSQL. The real server runs as a child process and is killed without any chance to
 * flush or close.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { http, removeDir, startServer, tempDir, TEST_DATABASE_URL, type Server } from './support.js';

const PASSWORD = 'correct horse battery';

const drivers: { name: string; env: Record<string, string> }[] = [{ name: 'embedded PGlite', env: {} }];
// PostgreSQL only when the run names a server (design §7); PGlite always.
if (TEST_DATABASE_URL) drivers.push({ name: 'PostgreSQL', env: { DATABASE_URL: TEST_DATABASE_URL } });

describe.each(drivers)('kill -9 on $name', ({ env }) => {
  let servers: Server[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    servers = [];
    if (dir) removeDir(dir);
    dir = undefined;
  });

  it(
    'keeps an account and a gym that were answered 2xx just before the crash',
    { timeout: 180_000 },
    async () => {
      dir = tempDir('crash');
      const vars = { PULSO_DATA_DIR: dir, ...env };
      const first = await startServer(vars);
      servers.push(first);

      const email = `crash-${randomUUID().slice(0, 12)}@test.pulso.example`;
      const gymName = `Crash Gym ${randomUUID().slice(0, 6)}`;
      const reg = await http(first.base, 'POST', '/api/v1/auth/register', {
        body: { email, password: PASSWORD, name: 'Crash Test' },
      });
      expect(reg.status, reg.text).toBe(201);
      const gym = await http(first.base, 'POST', '/api/v1/gyms', {
        token: reg.json.access_token,
        body: { name: gymName },
      });
      expect(gym.status, gym.text).toBe(201);
      const gymId = gym.json.id as number;

      // No grace: SIGKILL right after the 2xx, then wait for the process to be gone.
      const exit = await first.stop('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');

      const second = await startServer(vars);
      servers.push(second);
      const login = await http(second.base, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      expect(login.status, login.text).toBe(200);
      expect(login.json.user.id).toBe(reg.json.user.id);

      const token = login.json.access_token as string;
      const got = await http(second.base, 'GET', `/api/v1/gyms/${gymId}`, { token });
      expect(got.status, got.text).toBe(200);
      expect(got.json).toMatchObject({ id: gymId, name: gymName, role: 'owner' });
      const me = await http(second.base, 'GET', '/api/v1/users/me', { token });
      expect(me.json.gyms).toEqual([expect.objectContaining({ id: gymId, role: 'owner' })]);
      console.log(
        `[crash-durability] first start ${first.startMs} ms, restart after kill -9 ${second.startMs} ms`,
      );
    },
  );
});
