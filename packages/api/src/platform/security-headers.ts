import helmet from 'helmet';

/**
 * Security headers, chosen once per request by path and set with one call.
 *
 * JSON, iCalendar and metrics responses get the short set the OWASP REST Security Cheat Sheet recommends for
 * APIs ("Security Headers"): a CSP that forbids everything, including framing, `nosniff` and HSTS. helmet's
 * other headers (COOP, CORP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, ...) only
 * change how a browser treats a *document*; on an API response they are bytes and per-header work on every
 * request — a fifth of a bare route's CPU for helmet's twelve (bench/RESULTS.md, "Gym mix"). Everything that
 * is not a known API path (the documentation UI, and any page added later) keeps helmet's full set: a path
 * has to be listed here to lose it.
 */
const API_PREFIXES = ['/api/', '/health', '/metrics', '/openapi.json'];

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
});

function helmetHeaders(): Record<string, string> {
  const out: Record<string, string> = {};
  // helmet's headers do not depend on the request: run its middleware once against a recording response.
  helmet()(
    {} as never,
    {
      setHeader: (k: string, v: string) => (out[k.toLowerCase()] = v),
      removeHeader: (k: string) => delete out[k.toLowerCase()],
    } as never,
    () => {},
  );
  return out;
}

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders());

export function securityHeadersFor(url: string): Readonly<Record<string, string>> {
  for (const p of API_PREFIXES) if (url.startsWith(p)) return API_SECURITY_HEADERS;
  return PAGE_SECURITY_HEADERS;
}
