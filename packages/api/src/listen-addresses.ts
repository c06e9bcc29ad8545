import type { NetworkInterfaceInfo } from 'node:os';

/** What `os.networkInterfaces()` returns. */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARD_V4 = '0.0.0.0';
const WILDCARD_V6 = new Set(['::', '::0', '0:0:0:0:0:0:0:0']);

export const listensEverywhere = (host: string): boolean => host === WILDCARD_V4 || WILDCARD_V6.has(host);

/**
 * The base URLs other machines can use to reach a server listening on `host:port`: for a wildcard host, every
 * non-internal address of this machine's interfaces, IPv4 first. `0.0.0.0` listens on IPv4 only; `::` is
 * dual-stack on Linux and the other common systems (IPV6_V6ONLY off by default), so it gets both families.
 * IPv6 link-local addresses (fe80::/10) are left out: they only work with a zone (`%eth0`), which browsers do
 * not accept in a URL. A specific host is its own answer (nothing else reaches it).
 */
export function reachableUrls(host: string, port: number, interfaces: Interfaces): string[] {
  if (!listensEverywhere(host)) return [];
  const v6 = host !== WILDCARD_V4;
  const v4s: string[] = [];
  const v6s: string[] = [];
  for (const list of Object.values(interfaces))
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') v4s.push(`http://${a.address}:${port}`);
      else if (v6 && a.family === 'IPv6' && !/^fe[89ab]/i.test(a.address))
        v6s.push(`http://[${a.address}]:${port}`);
    }
  return [...new Set([...v4s, ...v6s])];
}

/** The lines `npm start` prints about where to open the server, after the `localhost` ones. */
export function reachableLines(host: string, port: number, interfaces: Interfaces): string[] {
  if (!listensEverywhere(host)) return [];
  const urls = reachableUrls(host, port, interfaces);
  if (!urls.length) return ['  From other machines: none (this machine has no network address but loopback)'];
  return [`  From other machines: ${urls.map((u) => `${u}/docs`).join(', ')}`];
}

/** The URL this machine itself uses: `localhost` for a wildcard host, an IPv6 literal in brackets. */
export function localUrl(host: string, port: number): string {
  const name = listensEverywhere(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}
