import type { Lang } from '../i18n.js';
import { createWorkerPool } from '../worker-pool.js';
import { platformMessages as pm } from '../messages.js';
import type { PasswordTask } from './password-worker.js';

export interface PasswordChecker {
  /** Why the policy refuses `password` (in `lang`), or null; a 503 when every thread and queue place is taken. */
  problem(
    password: string,
    who: { email: string | null; name: string | null },
    lang: Lang,
  ): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * The password policy off the event loop: zxcvbn's estimate costs tens of milliseconds per password and
 * building its dictionaries a few hundred once per thread, on routes anyone can call (register, reset).
 */
export function createPasswordChecker(o: { threads: number; maxQueue: number }): PasswordChecker {
  const pool = createWorkerPool<PasswordTask, string | null>({
    base: import.meta.url,
    name: 'password-worker',
    threads: o.threads,
    maxQueue: o.maxQueue,
    busyDetail: pm.msg('auth.passwords_busy'),
  });
  return {
    problem: (password, who, lang) => pool.run({ password, email: who.email, name: who.name, lang }),
    close: () => pool.close(),
  };
}
