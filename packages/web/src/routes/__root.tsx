import { createRootRoute, Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AppShell } from '../components/app-shell';

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">{t('error.notFound')}</h1>
      <Link to="/" className="text-teal-800 underline">
        {t('error.back')}
      </Link>
    </div>
  );
}

export const Route = createRootRoute({
  component: () => (
    <AppShell>
      <Outlet />
    </AppShell>
  ),
  notFoundComponent: NotFound,
});
