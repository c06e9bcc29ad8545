import type { Lang } from '../i18n.js';
import { passwordProblem } from './password-policy.js';

export interface PasswordTask {
  password: string;
  email: string | null;
  name: string | null;
  lang: Lang;
}

/** Runs in a worker thread: the strength estimate keeps a core busy for tens of milliseconds per password. */
export default function check(t: PasswordTask): string | null {
  return passwordProblem(t.password, { email: t.email, name: t.name }, t.lang);
}
