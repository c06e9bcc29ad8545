/**
 * Service worker registration and the update prompt: a new build installs in the background and waits; the page
 * shows the prompt and, when asked, tells it to take over and reloads once it controls the page.
 */
let waiting: ServiceWorker | null = null;
const listeners = new Set<() => void>();
const set = (w: ServiceWorker | null) => {
  waiting = w;
  for (const l of listeners) l();
};

export const updateState = {
  get: () => waiting !== null,
  subscribe: (l: () => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

export function applyUpdate() {
  waiting?.postMessage('skip-waiting');
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  void navigator.serviceWorker.register('/sw.js').then((reg) => {
    if (reg.waiting && navigator.serviceWorker.controller) set(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const next = reg.installing;
      next?.addEventListener('statechange', () => {
        // "installed" with a controller present: an update, not the first install.
        if (next.state === 'installed' && navigator.serviceWorker.controller) set(next);
      });
    });
  });
  let reloaded = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloaded || !waiting) return;
    reloaded = true;
    location.reload();
  });
}

/**
 * After a deployment, a page still running the old build may ask for a lazy chunk that no longer exists: Vite
 * then fires `vite:preloadError`. Reload once to get the new build instead of showing a broken page; the guard
 * (per tab) keeps a chunk that is truly missing from reloading forever.
 */
export function reloadOnMissingChunk() {
  window.addEventListener('vite:preloadError', (event) => {
    const key = 'pulso.chunk-reload';
    if (sessionStorage.getItem(key) === location.pathname) return;
    sessionStorage.setItem(key, location.pathname);
    event.preventDefault();
    location.reload();
  });
}
