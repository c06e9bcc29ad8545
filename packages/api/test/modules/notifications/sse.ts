/**
 * Reads a Server-Sent Events response over real HTTP (fetch), parsing it as the WHATWG HTML spec's event-stream
 * interpretation does: `event`, `data` (joined by newlines), `id`, `retry`; comment lines are kept apart so
 * tests can see the heartbeats.
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  retry: number | undefined;
  ended: boolean;
  /** The first event not yet taken that matches, waiting for it up to `ms` (a bound on waiting, not a target). */
  next(match?: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Resolves once the server has ended the stream. */
  closed(ms?: number): Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
  const taken = new Set<SseEvent>();
  let wake = () => {};
  const s: SseStream = {
    status: res.status,
    headers: res.headers,
    events: [],
    comments: [],
    retry: undefined,
    ended: false,
    async next(match = () => true, ms = 10_000) {
      const until = performance.now() + ms;
      for (;;) {
        const e = s.events.find((x) => !taken.has(x) && match(x));
        if (e) {
          taken.add(e);
          return e;
        }
        if (s.ended) throw new Error('stream ended before the event came');
        const left = until - performance.now();
        if (left <= 0) throw new Error(`no matching event in ${ms} ms; got ${JSON.stringify(s.events)}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    },
    async closed(ms = 10_000) {
      const until = performance.now() + ms;
      while (!s.ended) {
        if (performance.now() > until) throw new Error('stream still open');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => ac.abort(),
  };
  if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
    s.ended = true;
    (s as { text?: string }).text = await res.text();
    return s;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    let cur: { event?: string; data: string[]; id?: string } = { data: [] };
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.search(/\r\n|\n|\r/)) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
          if (line === '') {
            if (cur.data.length)
              s.events.push({ event: cur.event ?? 'message', data: cur.data.join('\n'), id: cur.id });
            cur = { data: [] };
            wake();
            continue;
          }
          if (line.startsWith(':')) {
            s.comments.push(line.slice(1).trim());
            continue;
          }
          const i = line.indexOf(':');
          const field = i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          if (field === 'event') cur.event = value;
          else if (field === 'data') cur.data.push(value);
          else if (field === 'id') cur.id = value;
          else if (field === 'retry' && /^\d+$/.test(value)) s.retry = Number(value);
        }
      }
    } catch {
      /* aborted by the test */
    }
    s.ended = true;
    wake();
  })();
  return s;
}
