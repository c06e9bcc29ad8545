import { Link, Navigate, useRouter, useRouterState } from '@tanstack/react-router';
import { NotificationBell, useLive } from '../app/live';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { menuActive, navFor, PUBLIC_PATHS } from '../app/nav';
import { LANGS, type Lang } from '../i18n';
import { cn } from '../lib/cn';
import { UpdatePrompt } from './update-prompt';

function GymSwitcher() {
  const { t } = useTranslation();
  const { me, gymId, switchGym } = useAuth();
  if (!me || me.gyms.length === 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only sm:not-sr-only">{t('shell.gym')}</span>
      <select
        className="min-h-10 rounded-md border border-slate-400 bg-white px-2"
        value={gymId ?? ''}
        onChange={(e) => switchGym(e.target.value || null)}
        data-testid="gym-switcher"
      >
        {me.gyms.map((g) => (
          <option key={g.id} value={String(g.id)}>
            {g.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { changeLanguage } = useAuth();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{t('shell.language')}</span>
      <select
        className="min-h-10 rounded-md border border-slate-400 bg-white px-2"
        value={i18n.language}
        onChange={(e) => void changeLanguage(e.target.value as Lang)}
        data-testid="language-switcher"
      >
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A menu entry. A plain anchor rather than the router's `Link`: the menu has up to 25 of them, rendered with every
 * first page, and each `Link` builds and matches its location on render (a noticeable part of the first render on
 * a slow phone, ARCHITECTURE.md "Web app: first load"). What the menu uses of `Link` is kept: navigation within
 * the app (a modified or middle click still opens a tab), the route's code preloaded on hover, focus or touch,
 * and the active entry marked (`aria-current="page"`, `data-status="active"`).
 */
function MenuLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  const router = useRouter();
  const preload = () => void router.preloadRoute({ to }).catch(() => {});
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void router.navigate({ to });
  };
  return (
    <a
      href={to}
      onClick={onClick}
      onMouseEnter={preload}
      onFocus={preload}
      onTouchStart={preload}
      aria-current={active ? 'page' : undefined}
      data-status={active ? 'active' : undefined}
      className={cn(
        'block min-h-10 rounded-t-md px-3 py-2 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100',
        active && 'border-b-2 border-teal-700 font-semibold text-teal-900',
      )}
    >
      {children}
    </a>
  );
}

/**
 * What shows while the session resumes: the same frame as the static one in index.html (keep the two alike), so
 * the first paint of the HTML stays put instead of flashing to something else before the page renders.
 */
function ShellSkeleton() {
  return (
    <div className="min-h-screen" aria-busy="true">
      <header className="bg-white shadow-sm">
        <div className="mx-auto flex min-h-14 max-w-5xl items-center px-4 py-2">
          <span className="text-lg font-bold text-teal-800">Pulso</span>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-4 px-4 py-6">
        <div className="h-8 w-48 rounded-md bg-slate-200" />
        <div className="h-40 rounded-md bg-white shadow-sm" />
      </main>
    </div>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const isPublic = PUBLIC_PATHS.includes(pathname);
  useLive(auth.ready && auth.signedIn);

  if (!auth.ready) return <ShellSkeleton />;
  if (!auth.signedIn && !isPublic) return <Navigate to="/sign-in" replace />;

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t('app.skip')}
      </a>
      <header className="bg-white shadow-sm">
        <div className="mx-auto flex min-h-14 max-w-5xl flex-wrap items-center gap-3 px-4 py-2">
          <Link to="/" className="text-lg font-bold text-teal-800">
            {t('app.name')}
          </Link>
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <GymSwitcher />
            <LanguageSwitcher />
            {auth.signedIn ? (
              <>
                <NotificationBell />
                <Link to="/profile" className="min-h-10 rounded-md px-3 py-2 text-sm hover:bg-slate-100">
                  {auth.me?.name ?? t('nav.profile')}
                </Link>
                <button
                  type="button"
                  className="min-h-10 rounded-md px-3 py-2 text-sm hover:bg-slate-100"
                  onClick={() => void auth.signOut()}
                >
                  {t('shell.signOut')}
                </button>
              </>
            ) : null}
          </div>
        </div>
        {auth.signedIn ? (
          <nav aria-label={t('nav.menu')} className="mx-auto max-w-5xl overflow-x-auto px-2">
            <ul className="flex gap-1">
              {navFor(auth.role).map((item) => (
                <li key={item.to}>
                  <MenuLink to={item.to} active={menuActive(item.to, pathname)}>
                    {t(item.label)}
                  </MenuLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <UpdatePrompt />
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
