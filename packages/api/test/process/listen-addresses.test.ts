/**
 * `npm start` listening on all interfaces prints the addresses other machines can use (issue 19): `localhost`
 * alone sends someone trying the server from a laptop nowhere.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { localUrl, reachableLines, reachableUrls, type Interfaces } from '../../src/listen-addresses.js';
import { removeDir, startServer, tempDir, type Server } from './support.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '02:00:00:00:00:01',
  internal,
  cidr: `${address}/24`,
});
const v6 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: 'ffff:ffff:ffff:ffff::',
  family: 'IPv6',
  mac: '02:00:00:00:00:01',
  internal,
  cidr: `${address}/64`,
  scopeid: 0,
});

const HOME_SERVER: Interfaces = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  eth0: [v4('192.168.1.20'), v6('fe80::1c2:3ff:fe44:5566'), v6('2001:db8::20')],
  wlan0: [v4('10.0.0.7')],
  docker0: undefined,
};

describe('reachableUrls', () => {
  it('lists the non-internal IPv4 addresses for 0.0.0.0 (which listens on IPv4 only)', () => {
    expect(reachableUrls('0.0.0.0', 8000, HOME_SERVER)).toEqual([
      'http://192.168.1.20:8000',
      'http://10.0.0.7:8000',
    ]);
  });

  it('adds global IPv6 addresses, bracketed, for ::, but no link-local one', () => {
    expect(reachableUrls('::', 8123, HOME_SERVER)).toEqual([
      'http://192.168.1.20:8123',
      'http://10.0.0.7:8123',
      'http://[2001:db8::20]:8123',
    ]);
  });

  it('lists nothing for a specific host, or for a machine with loopback only', () => {
    expect(reachableUrls('127.0.0.1', 8000, HOME_SERVER)).toEqual([]);
    expect(reachableUrls('192.168.1.20', 8000, HOME_SERVER)).toEqual([]);
    expect(reachableUrls('0.0.0.0', 8000, { lo: HOME_SERVER.lo })).toEqual([]);
  });

  it('prints one line with the documentation URLs, or says there is no network address', () => {
    expect(reachableLines('0.0.0.0', 8000, HOME_SERVER)).toEqual([
      '  From other machines: http://192.168.1.20:8000/docs, http://10.0.0.7:8000/docs',
    ]);
    expect(reachableLines('0.0.0.0', 8000, { lo: HOME_SERVER.lo })[0]).toMatch(/none/);
    expect(reachableLines('127.0.0.1', 8000, HOME_SERVER)).toEqual([]);
  });

  it('names the local URL with localhost for a wildcard and brackets an IPv6 host', () => {
    expect(localUrl('0.0.0.0', 8000)).toBe('http://localhost:8000');
    expect(localUrl('::', 8000)).toBe('http://localhost:8000');
    expect(localUrl('::1', 8000)).toBe('http://[::1]:8000');
    expect(localUrl('192.168.1.20', 8000)).toBe('http://192.168.1.20:8000');
  });
});

describe('the started server', () => {
  const dir = tempDir('listen');
  let server: Server | undefined;
  afterAll(async () => {
    await server?.stop('SIGTERM');
    removeDir(dir);
  });

  // A first start migrates a new data dir through tsx: well under a minute, but more than the default 30 s on a
  // loaded CI machine (it timed out there once).
  it('prints the addresses of this machine when listening on 0.0.0.0', { timeout: 150_000 }, async () => {
    server = await startServer(
      { HOST: '0.0.0.0', PULSO_DATA_DIR: dir, LOG_LEVEL: 'warn' },
      { timeoutMs: 120_000 },
    );
    const out = server.output();
    expect(out).toContain(`listening on http://localhost:${server.port}`);
    const line = out.split('\n').find((l) => l.includes('From other machines:'));
    expect(line, out).toBeDefined();
    const expected = reachableUrls('0.0.0.0', server.port, networkInterfaces());
    // Reaching them from elsewhere is test/remote's job (a network namespace of its own): only loopback here.
    if (expected.length) {
      for (const u of expected) expect(line).toContain(`${u}/docs`);
      expect(line).not.toContain('127.0.0.1');
    } else expect(line).toMatch(/none/);
  });
});
