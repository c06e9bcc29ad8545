import type { FieldValues, Resolver } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { menuActive } from '../src/app/nav';
import { lazyResolver } from '../src/lib/form';
import { replaceEntryTags, routePattern } from '../vite/first-route';

const matches = (file: string, path: string) => new RegExp(routePattern(file).re).test(path);

describe('routePattern (first route preload table)', () => {
  it('maps flat route files to the paths they serve', () => {
    expect(matches('index', '/')).toBe(true);
    expect(matches('index', '/timetable')).toBe(false);
    expect(matches('timetable', '/timetable')).toBe(true);
    expect(matches('timetable', '/timetable/')).toBe(true);
    expect(matches('nutrition.index', '/nutrition')).toBe(true);
    expect(matches('nutrition.index', '/nutrition/plans')).toBe(false);
    expect(matches('rehab.patients.$id.program', '/rehab/patients/42/program')).toBe(true);
    expect(matches('rehab.patients.$id.program', '/rehab/patients/42')).toBe(false);
    // `sign-in_` is not nested under sign-in's layout, but its path is /sign-in/callback.
    expect(matches('sign-in_.callback', '/sign-in/callback')).toBe(true);
    expect(matches('sign-in', '/sign-inx')).toBe(false);
  });

  it('counts parameters, so static routes sort before the ones that would also match', () => {
    expect(routePattern('segments.new').params).toBe(0);
    expect(routePattern('segments.$id').params).toBe(1);
    expect(matches('segments.$id', '/segments/new')).toBe(true);
  });
});

describe('replaceEntryTags (the entry requested after the session script)', () => {
  const html =
    '<head>\n<script>boot()</script>\n' +
    '<script type="module" crossorigin src="/assets/index-1.js"></script>\n' +
    '<link rel="modulepreload" crossorigin href="/assets/react-2.js">\n' +
    '<link rel="modulepreload" crossorigin href="/assets/link-3.js">\n' +
    '<link rel="stylesheet" crossorigin href="/assets/index-4.css">\n</head>';

  it('puts the loader where the entry script was, after the session script and before the stylesheet', () => {
    const out = replaceEntryTags(html, (entry, preloads) => `load(${JSON.stringify([entry, ...preloads])})`);
    expect(out).not.toMatch(/type="module"|modulepreload/);
    const boot = out.indexOf('boot()');
    const loader = out.indexOf(
      '<script>load(["/assets/index-1.js","/assets/react-2.js","/assets/link-3.js"])',
    );
    const css = out.indexOf('rel="stylesheet"');
    expect(boot).toBeGreaterThanOrEqual(0);
    expect(loader).toBeGreaterThan(boot);
    expect(css).toBeGreaterThan(loader);
  });

  it('fails the build when the page has no entry script', () => {
    expect(() => replaceEntryTags('<head></head>', () => '')).toThrow(/no entry/);
  });
});

describe('lazyResolver', () => {
  it('loads the real resolver once, on first use or preload, and answers with it', async () => {
    let loads = 0;
    const real: Resolver<FieldValues> = async (values) => ({
      values: { ...values, checked: true },
      errors: {},
    });
    const lazy = lazyResolver<FieldValues>(async () => {
      loads++;
      return real;
    });
    expect(loads).toBe(0);
    const opts = { fields: {}, shouldUseNativeValidation: false };
    const out = await lazy.resolver({ email: 'a@b.c' }, undefined, opts);
    expect(out.values).toEqual({ email: 'a@b.c', checked: true });
    await lazy.preload();
    await lazy.resolver({}, undefined, opts);
    expect(loads).toBe(1);
  });
});

describe('menuActive', () => {
  it('marks the dashboard on its own path only, and other entries on their sub-pages too', () => {
    expect(menuActive('/', '/')).toBe(true);
    expect(menuActive('/', '/timetable')).toBe(false);
    expect(menuActive('/nutrition', '/nutrition')).toBe(true);
    expect(menuActive('/nutrition', '/nutrition/plans/4')).toBe(true);
    expect(menuActive('/nutrition/plans', '/nutrition')).toBe(false);
    expect(menuActive('/rehab', '/rehabilitation')).toBe(false);
  });
});
