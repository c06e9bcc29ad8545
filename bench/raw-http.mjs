// A minimal HTTP/1.1 client over `net` sockets for the load generators that run in a process of their own
// (`rush-child.mjs`, `paths-child.mjs`): one request at a time per keep-alive connection, answers read by
// Content-Length (or chunked). The generators share the machine's 2 cores with the server and PostgreSQL, and
// node:http's client (agent, parser, stream objects) or autocannon with a list of requests spent several times
// more CPU per request, which the benches then measured as the server's latency.
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * Connections to `base`. `connection()` returns a function that writes one whole request (its text) and
 * resolves with `{ s: status, text, ms }`; a closed or failed connection resolves the request in flight with
 * `{ s: 0, ms, err }` and is opened again for the next.
 */
export function rawHttp(base) {
  const url = new URL(base);
  const sockets = new Set();
  function connection() {
    let sock;
    let buf = Buffer.alloc(0);
    let pending = null; // { resolve, t0 }
    const fail = (err) => {
      sock = undefined;
      buf = Buffer.alloc(0);
      const p = pending;
      pending = null;
      p?.resolve({ s: 0, ms: performance.now() - p.t0, err: err?.code ?? err?.message ?? 'closed' });
    };
    const parse = () => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.toString('latin1', 0, end);
      let text;
      const len = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
      if (Number.isFinite(len)) {
        if (buf.length < end + 4 + len) return;
        text = buf.toString('utf8', end + 4, end + 4 + len);
        buf = buf.subarray(end + 4 + len);
      } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        // Chunks until the empty one (no trailers expected).
        const parts = [];
        let at = end + 4;
        for (;;) {
          const eol = buf.indexOf('\r\n', at);
          if (eol < 0) return;
          const size = parseInt(buf.toString('latin1', at, eol), 16);
          if (buf.length < eol + 2 + size + 2) return;
          if (size === 0) {
            at = eol + 4;
            break;
          }
          parts.push(buf.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
        }
        text = Buffer.concat(parts).toString('utf8');
        buf = buf.subarray(at);
      } else return fail(new Error('answer without a length'));
      const p = pending;
      pending = null;
      if (/\r\nconnection: *close/i.test(head)) {
        sock?.destroy();
        sock = undefined;
      }
      p.resolve({ s: Number(head.slice(9, 12)), text, ms: performance.now() - p.t0 });
    };
    const open = () => {
      const s = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
      sockets.add(s);
      s.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        if (pending) parse();
      });
      s.on('error', (err) => sock === s && fail(err));
      s.on('close', () => sock === s && fail(null));
      return s;
    };
    return (request) =>
      new Promise((resolve) => {
        sock ??= open();
        pending = { resolve, t0: performance.now() };
        sock.write(request);
      });
  }
  return { host: url.host, connection, close: () => sockets.forEach((s) => s.destroy()) };
}
