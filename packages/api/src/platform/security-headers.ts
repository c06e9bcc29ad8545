import helmet from 'helmet';

/**
 * Security headers, chosen once per request by path and transport and set with one call.
 *
 * JSON, iCalendar and metrics responses get the short set the OWASP REST Security Cheat Sheet recommends for
 * APIs ("Security Headers"): a CSP that forbids everything, including framing, `nosniff` and HSTS. helmet's
 * other headers (COOP, CORP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, ...) only
 * change how a browser treats a *document*; on an API response they are bytes and per-header work on every
 * request — a fifth of a bare route's CPU for helmet's twelve (bench/RESULTS.md, "Gym mix"). Everything that
 * is not a known API path (the documentation UI, and any page added later) keeps helmet's full set: a path
 * has to be listed here to lose it.
 *
 * Some headers are only right over HTTPS, so each set comes in two variants:
 * - `Strict-Transport-Security`: RFC 6797 §7.2 — a host MUST NOT send it over non-secure transport (and §8.1:
 *   browsers ignore it there). Sent on plain HTTP it is noise at best.
 * - CSP `upgrade-insecure-requests` (W3C "Upgrade Insecure Requests" §3): the browser rewrites every
 *   subresource URL of the page to `https:`. A page served over plain HTTP from any host but `localhost`
 *   (which browsers treat as secure and do not upgrade) then loads none of its scripts and styles: the
 *   documentation opened as `http://<server-ip>:8000/docs` from another machine was blank (issue 19).
 * - `Cross-Origin-Opener-Policy` on pages: ignored without HTTPS (below).
 * "HTTPS" is `req.protocol` (app.ts): the socket's own TLS, or `X-Forwarded-Proto` only when the peer is
 * trusted (`TRUST_PROXY`); any other peer's header is ignored, so a client cannot switch these on.
 */
const API_PREFIXES = ['/api/', '/health', '/metrics', '/openapi.json'];

const HSTS = 'max-age=31536000; includeSubDomains';

const API_HTTP: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
});

const API_HTTPS: Readonly<Record<string, string>> = Object.freeze({
  ...API_HTTP,
  'strict-transport-security': HSTS,
});

/**
 * The web app's policy (packages/web): only its own origin, for everything. Its scripts and styles are files of
 * the build (no inline `<style>`; styles that React or uPlot set go through the CSSOM, which `style-src` does not
 * govern), except index.html's own inline scripts, which platform/web.ts adds to `script-src` by their SHA-256
 * when it serves that page. It talks only to this API and draws tracks as SVG, so nothing else is needed.
 * helmet's default page policy (kept for the documentation UI) also allows `https:` styles and fonts and
 * `data:` images, which the app does not use.
 */
const APP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  workerSrc: ["'self'"],
};

function helmetHeaders(
  https: boolean,
  app = false,
  imgOrigins: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  const base = { ...APP_DIRECTIVES, imgSrc: [...APP_DIRECTIVES.imgSrc, ...imgOrigins] };
  const directives = app ? { ...base, ...(https ? { upgradeInsecureRequests: [] } : {}) } : {};
  const options = https
    ? { contentSecurityPolicy: { useDefaults: !app, directives } }
    : {
        contentSecurityPolicy: {
          useDefaults: !app,
          directives: { ...directives, upgradeInsecureRequests: null },
        },
        strictTransportSecurity: false,
        // Browsers ignore COOP from an origin that is not potentially trustworthy (HTML Standard, "obtain a
        // cross-origin opener policy"), and Chromium logs a console error on every such page.
        crossOriginOpenerPolicy: false,
      };
  // helmet's headers do not depend on the request: run its middleware once against a recording response.
  helmet(options)(
    {} as never,
    {
      setHeader: (k: string, v: string) => (out[k.toLowerCase()] = v),
      removeHeader: (k: string) => delete out[k.toLowerCase()],
    } as never,
    () => {},
  );
  return out;
}

const PAGE_HTTP: Readonly<Record<string, string>> = Object.freeze(helmetHeaders(false));
const PAGE_HTTPS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders(true));
const APP_HTTP: Readonly<Record<string, string>> = Object.freeze(helmetHeaders(false, true));
const APP_HTTPS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders(true, true));

export function securityHeadersFor(url: string, https: boolean): Readonly<Record<string, string>> {
  for (const p of API_PREFIXES) if (url.startsWith(p)) return https ? API_HTTPS : API_HTTP;
  if (url.startsWith('/docs')) return https ? PAGE_HTTPS : PAGE_HTTP;
  return https ? APP_HTTPS : APP_HTTP;
}

/**
 * `securityHeadersFor` for a server whose web app may show images from other origins: the operator's map tile
 * server (MAP_TILE_URL), and only when one is configured. The app's `img-src` adds exactly those origins; the
 * API's and the documentation's headers do not change. Built once at start.
 */
export function createSecurityHeaders(o: {
  imgOrigins?: readonly string[];
}): (url: string, https: boolean) => Readonly<Record<string, string>> {
  if (!o.imgOrigins?.length) return securityHeadersFor;
  const appHttp = Object.freeze(helmetHeaders(false, true, o.imgOrigins));
  const appHttps = Object.freeze(helmetHeaders(true, true, o.imgOrigins));
  return (url, https) => {
    const h = securityHeadersFor(url, https);
    return h === APP_HTTP ? appHttp : h === APP_HTTPS ? appHttps : h;
  };
}
