import { QueryClientProvider } from '@tanstack/react-query';
import { createRouter, RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { AuthProvider } from './app/auth';
import { queryClient } from './app/query';
import { registerServiceWorker, reloadOnMissingChunk } from './app/sw';
import { routeTree } from './routeTree.gen';

const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

reloadOnMissingChunk();
registerServiceWorker();

function render() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

// index.html's inline script adds this module itself (vite/first-route.ts): such a script runs as soon as it has
// loaded, not after the page has been parsed as a parser-inserted module script would, so a fast load (warm
// cache) could find the page without its #root yet.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render, { once: true });
else render();
