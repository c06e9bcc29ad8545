import type { Executor } from './db/index.js';
import type { Lang } from './i18n.js';
import { zoned } from './message-format.js';
import { platformMessages as M } from './messages.js';

/**
 * One thing to tell one person. `gymId` is the gym it happened in, or null for a personal module (a training
 * plan, a body-metrics reminder). `kind` is one a module declares in its entry (`notifications`); `data` holds
 * what that kind's texts need (names, ISO times, the gym's time zone), since the title and body are rendered in
 * the reader's language when read. `title`/`body`, when given, are the sender's own English text, kept as
 * a fallback when `data` names nothing.
 */
export interface NotifyEntry {
  gymId: number | null;
  userId: number;
  kind: string;
  data: Record<string, unknown>;
  title?: string;
  body?: string;
}

/**
 * The one way a module tells someone something (implemented by the notifications module). Pass the transaction
 * that makes the change, so the notification exists exactly when the change does.
 */
export type Notify = (entries: NotifyEntry[], tx?: Executor) => Promise<void>;

/** The texts of one kind of notification in the reader's language, from the notification's data. */
export type NotificationRenderer = (
  data: Record<string, unknown>,
  lang: Lang,
) => { title: string; body: string };

/** A module's notification kinds: name → renderer. Names are global: prefix them when they could collide. */
export type NotificationKinds = Record<string, NotificationRenderer>;

/**
 * What most kinds' texts read from their data: a string value, the activity's name (`name` or `title`, else a
 * generic word) and " on <when>" from `starts_at` shown in the gym's `timezone`. Missing or malformed values
 * degrade to generic wording, never to an error: the rows outlive the code that wrote them.
 */
export function notificationData(data: Record<string, unknown>, lang: Lang) {
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? data[k] : undefined);
  const iso = str('starts_at');
  const startsAt = iso ? new Date(iso) : undefined;
  return {
    str,
    name: str('name') ?? str('title') ?? M.t(lang, 'notify.activity'),
    at:
      startsAt && !Number.isNaN(startsAt.getTime())
        ? M.t(lang, 'notify.at', { when: zoned(startsAt, str('timezone')) })
        : '',
  };
}
