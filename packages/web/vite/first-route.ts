import type { IndexHtmlTransformContext, Plugin } from 'vite';

/**
 * Modulepreload of exactly the first page's chunks (ARCHITECTURE.md, "Web app: first load").
 *
 * TanStack Router splits each route's component into a lazy chunk (autoCodeSplitting), which the browser only
 * learns about once the entry has downloaded and run and the router has matched the URL: one more round trip,
 * plus the chunk's own imports, after all the rest (150 ms each on the emulated phone of bench/web.mjs). The
 * page is known from the URL before any of that, so a small inline script in index.html maps the path to its
 * route's chunk and that chunk's imports beyond the entry's own (which Vite already preloads), and adds a
 * `<link rel="modulepreload">` for each: they then download alongside the entry. Only the matching route's
 * files, never every route's. The server allows the script by its hash in the CSP (api/src/platform/web.ts).
 *
 * The same script also adds the entry's own `<script type="module">` and its modulepreloads, which Vite wrote
 * into the page and this plugin takes out of it. Over HTTP/1.1 a browser opens six connections to the origin;
 * written in the HTML, the entry's dozen files were found by the preload scanner before the session script ran,
 * and its refresh waited in the queue behind them (~0.7 s on the emulated phone) while every later step of the
 * page (profile, page data) waited on the refresh. Added from here, they are requested just after the refresh,
 * which the earlier inline script has sent, and still at once. (The server now also names the entry's files in
 * a `Link` header on the page, api/src/platform/web.ts: a browser that acts on it has them on the way before this
 * script runs, and the tags added here find them there. The entry is three files now, so they no longer hold the
 * refresh back.)
 */

type Bundle = NonNullable<IndexHtmlTransformContext['bundle']>;

/** A flat route file name (TanStack's file-based routing) to a pattern of the paths it serves. */
export function routePattern(file: string): { re: string; params: number } {
  const segments = file
    .split('.')
    .filter((s) => s !== 'index')
    // `sign-in_` opts out of nesting under `sign-in`; its path keeps the plain segment.
    .map((s) => s.replace(/_$/, ''));
  const params = segments.filter((s) => s.startsWith('$')).length;
  const path = segments.map((s) => (s.startsWith('$') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')));
  return { re: `^/${path.join('/')}${segments.length ? '/?' : ''}$`, params };
}

/** Vite's tags for the entry (its module script and the modulepreloads of its imports), in page order. */
const ENTRY_TAG =
  /<script type="module" crossorigin src="([^"]+)"><\/script>|<link rel="modulepreload" crossorigin href="([^"]+)">/g;

const SLOT = '<!--pulso:first-route-->';

/**
 * Replaces the entry's tags in `html` by `loader(entry, preloads)`, an inline script, where the entry's module
 * script was: before the stylesheet's link, since an inline script after a stylesheet waits for it to load.
 * Throws when the page has no entry script, so a change of Vite's output fails the build rather than the page.
 */
export function replaceEntryTags(
  html: string,
  loader: (entry: string, preloads: string[]) => string,
): string {
  let entry: string | undefined;
  const preloads: string[] = [];
  const out = html.replace(ENTRY_TAG, (_tag, src: string | undefined, href: string | undefined) => {
    if (src) {
      if (entry) throw new Error('first-route: more than one module script in index.html');
      entry = src;
      return SLOT;
    }
    preloads.push(href!);
    return '';
  });
  if (!entry) throw new Error('first-route: no entry <script type="module"> found in index.html');
  return out.replace(SLOT, `<script>${loader(entry, preloads)}</script>`).replace(/\n\s*\n/g, '\n');
}

export function firstRoutePreload(): Plugin {
  return {
    name: 'pulso:first-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle: Bundle | undefined = ctx.bundle;
        if (!bundle) return;
        const chunk = (name: string) => {
          const c = bundle[name];
          return c && c.type === 'chunk' ? c : undefined;
        };
        const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
        if (!entry) return;
        const initial = new Set<string>();
        const visit = (name: string, into: Set<string>, skip: Set<string>) => {
          if (skip.has(name) || into.has(name)) return;
          const c = chunk(name);
          if (!c) return;
          into.add(name);
          for (const i of c.imports) visit(i, into, skip);
        };
        visit(entry.fileName, initial, new Set());

        const routes: { re: string; params: number; files: string[] }[] = [];
        for (const c of Object.values(bundle)) {
          if (c.type !== 'chunk' || !c.facadeModuleId) continue;
          const m = /[\\/]src[\\/]routes[\\/]([^\\/?]+)\.tsx\?tsr-split=component/.exec(c.facadeModuleId);
          if (!m || m[1] === '__root') continue;
          const files = new Set<string>();
          visit(c.fileName, files, initial);
          routes.push({ ...routePattern(m[1]!), files: [...files] });
        }
        // A static segment wins over a parameter (`/segments/new` is not `/segments/$id`).
        routes.sort((a, b) => a.params - b.params);
        const table = JSON.stringify(routes.map((r) => [r.re, r.files]));
        // The entry first (its script, then its preloads, as Vite ordered them), then the route's files.
        return replaceEntryTags(
          html,
          (entry, preloads) =>
            `(function(){var e=${JSON.stringify(preloads)},r=${table},p=location.pathname,h=document.head;` +
            'function m(u){var l=document.createElement("link");l.rel="modulepreload";l.crossOrigin="";' +
            'l.href=u;h.appendChild(l)}' +
            'var s=document.createElement("script");s.type="module";s.crossOrigin="";' +
            `s.src=${JSON.stringify(entry)};h.appendChild(s);` +
            'for(var k=0;k<e.length;k++)m(e[k]);' +
            'for(var i=0;i<r.length;i++){if(!new RegExp(r[i][0]).test(p))continue;' +
            'for(var j=0;j<r[i][1].length;j++)m("/"+r[i][1][j]);return}})();',
        );
      },
    },
  };
}
