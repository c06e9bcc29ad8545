import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerServiceWorker } from '../src/app/sw';

/** A browser without a DOM: what registerServiceWorker touches, with the load event and idle time in our hands. */
function fakeBrowser(readyState: DocumentReadyState) {
  const register = vi.fn(() => Promise.resolve({ waiting: null, addEventListener: vi.fn() }));
  const onLoad: (() => void)[] = [];
  const idle: (() => void)[] = [];
  const requestIdleCallback = vi.fn((cb: () => void) => idle.push(cb));
  vi.stubEnv('DEV', false);
  vi.stubGlobal('navigator', { serviceWorker: { register, addEventListener: vi.fn(), controller: null } });
  vi.stubGlobal('document', { readyState });
  vi.stubGlobal('requestIdleCallback', requestIdleCallback);
  vi.stubGlobal('window', {
    requestIdleCallback,
    addEventListener: (type: string, cb: () => void) => type === 'load' && onLoad.push(cb),
  });
  return {
    register,
    load: () => onLoad.splice(0).forEach((cb) => cb()),
    idle: () => idle.splice(0).forEach((cb) => cb()),
  };
}

describe('registerServiceWorker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it('waits for the load event and then for idle time before registering', () => {
    const b = fakeBrowser('interactive');
    registerServiceWorker();
    b.idle();
    expect(b.register).not.toHaveBeenCalled();
    b.load();
    expect(b.register).not.toHaveBeenCalled();
    b.idle();
    expect(b.register).toHaveBeenCalledExactlyOnceWith('/sw.js');
  });

  it('registers in the next idle time when the page has already loaded', () => {
    const b = fakeBrowser('complete');
    registerServiceWorker();
    expect(b.register).not.toHaveBeenCalled();
    b.idle();
    expect(b.register).toHaveBeenCalledExactlyOnceWith('/sw.js');
  });
});
