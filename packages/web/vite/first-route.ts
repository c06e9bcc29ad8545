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

export function firstRoutePreload(): Plugin {
  return {
    name: 'pulso:first-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
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
        const code =
          `(function(){var r=${table},p=location.pathname;` +
          'for(var i=0;i<r.length;i++){if(!new RegExp(r[i][0]).test(p))continue;' +
          'for(var j=0;j<r[i][1].length;j++){var l=document.createElement("link");' +
          'l.rel="modulepreload";l.crossOrigin="";l.href="/"+r[i][1][j];document.head.appendChild(l)}return}})();';
        return [{ tag: 'script', children: code, injectTo: 'head' }];
      },
    },
  };
}
