/**
 * The first page's API reads, sent by index.html's inline script as soon as it has the session and the profile
 * (ARCHITECTURE.md, "Web app: first load"), while the app's code still downloads. Without them the page's data
 * was asked for only once its chunk had run: one more round trip, plus the server's time, after everything else.
 *
 * The inline script leaves the in-flight responses in `window.__pulsoReads`; the session fetch (client.ts) hands
 * a GET the response of the same URL instead of sending it again, once, and only when it was sent with the same
 * token, gym and language. Anything else (another page, a later gym switch or sign-out, an old entry) goes to the
 * network as before.
 */

/**
 * A prefetched 2xx response whose JSON body the inline script has already read, in the idle time while the app's
 * JavaScript downloaded.
 */
export interface ParsedRead {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface FirstReads {
  /** The headers the inline script sent. */
  auth: string;
  gym: string | null;
  lang: string;
  /** `performance.now()` when they were sent. */
  at: number;
  /**
   * URL (path and query) → the response (a 2xx one with its body already parsed), or null when the request or
   * the parsing failed.
   */
  res: Record<string, Promise<Response | ParsedRead | null>>;
}

declare global {
  interface Window {
    __pulsoReads?: FirstReads;
  }
}

/**
 * Past this age an entry is not used: the app's queries treat data as fresh for 30 s (app/query.ts), and a page
 * reached later must not show what the first load read.
 */
export const FIRST_READS_MAX_AGE_MS = 30_000;

/**
 * A response whose body is already parsed: `json()` answers in a microtask. A body read from a `Response` (even
 * one built from a string) resolves only after a task of its own, and TanStack Query hands results over in a
 * microtask (app/query.ts): so a page whose first reads are in when its code runs renders its content in the same
 * task as the page itself, and the browser lays out and paints it once, not first without its content.
 */
export class ParsedResponse extends Response {
  readonly #json: unknown;
  constructor(read: ParsedRead) {
    super(null, { status: read.status, headers: read.headers });
    this.#json = read.json;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of Response.json
  override json(): Promise<any> {
    return Promise.resolve(this.#json);
  }
  override text(): Promise<string> {
    return Promise.resolve(JSON.stringify(this.#json));
  }
}

const toResponse = (r: Response | ParsedRead | null): Response | null =>
  r === null || r instanceof Response ? r : new ParsedResponse(r);

/** Path and query, the query's parameters sorted (the inline script and openapi-fetch may order them apart). */
export function readKey(url: string): string {
  const u = new URL(url, 'http://x');
  const params = [...u.searchParams].sort(([a, b], [c, d]) => (a === c ? (b < d ? -1 : 1) : a < c ? -1 : 1));
  return u.pathname + (params.length ? `?${new URLSearchParams(params).toString()}` : '');
}

/**
 * Takes (and removes) the prefetched response for `req`, an already decorated request, or returns null when
 * there is none that fits. `now` is `performance.now()` in the page.
 */
export function takeFirstRead(
  reads: FirstReads | undefined,
  req: Request,
  now: number,
): Promise<Response | null> | null {
  if (!reads || req.method !== 'GET') return null;
  if (now - reads.at > FIRST_READS_MAX_AGE_MS) return null;
  if (req.headers.get('authorization') !== reads.auth) return null;
  if ((req.headers.get('x-gym-id') || null) !== reads.gym) return null;
  if (req.headers.get('accept-language') !== reads.lang) return null;
  const key = readKey(req.url);
  for (const url of Object.keys(reads.res)) {
    if (readKey(url) !== key) continue;
    const res = reads.res[url]!;
    delete reads.res[url];
    return res.then(toResponse);
  }
  return null;
}

/** Forgets every prefetched read (sign-out, gym switch): they belong to the session and gym of the first load. */
export function dropFirstReads(): void {
  if (typeof window !== 'undefined') delete window.__pulsoReads;
}
