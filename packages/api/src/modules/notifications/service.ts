import type { Notification, NotificationKind, Pagination } from '@pulso/contracts';
import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { notificationsMessages as M } from './messages.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { hasName, renderNotification } from './domain/render.js';
import type { NotificationRow, NotificationsRepo } from './repo.js';

/**
 * One notification to send. Put in `data` what the texts need: `name` (class or event), `starts_at` (ISO),
 * `timezone` (the gym's IANA zone) and, per kind, `what`/`slot_kind`, `change`, `location` (domain/render.ts).
 * The title and body are rendered from them in the reader's language; `title`/`body` given here are kept as
 * the English fallback when `data` has no name.
 */
export interface NotifyEntry {
  gymId: number;
  userId: number;
  kind: NotificationKind;
  title?: string;
  body?: string;
  data: Record<string, unknown>;
}

/**
 * What other modules depend on (the reservation engine, the schedule, events). Pass the transaction that makes
 * the change, so the notification exists exactly when the change does.
 */
export type Notify = (entries: NotifyEntry[], tx?: Executor) => Promise<void>;

export function toNotificationDto(r: NotificationRow, lang: Lang): Notification {
  // Rendered in the reader's language from kind + data; when the data does not name the class or event, the
  // sender's own (English) text says more than a generic rendering would.
  const text =
    lang === 'en' && !hasName(r.data)
      ? { title: r.title, body: r.body }
      : renderNotification(r.kind, r.data, lang);
  return {
    id: r.id,
    gym_id: r.gymId,
    kind: r.kind,
    title: text.title || r.title,
    body: text.body || r.body,
    data: r.data,
    read_at: r.readAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  };
}

export function createNotificationsService(d: { repo: NotificationsRepo }) {
  const notify: Notify = async (entries, tx) => {
    if (!entries.length) return;
    await d.repo.insertMany(
      entries.map((e) => {
        const en = renderNotification(e.kind, e.data, 'en');
        return {
          gymId: e.gymId,
          userId: e.userId,
          kind: e.kind,
          title: e.title ?? en.title,
          body: e.body ?? en.body,
          data: e.data,
        };
      }),
      tx,
    );
  };

  return {
    notify,

    async list(gymId: number, userId: number, unreadOnly: boolean, page: Pagination, lang: Lang) {
      const { rows, total } = await d.repo.list(gymId, userId, unreadOnly, page);
      return { rows: rows.map((r) => toNotificationDto(r, lang)), total };
    },

    async markRead(gymId: number, userId: number, id: number, lang: Lang): Promise<Notification> {
      const row = await d.repo.markRead(gymId, userId, id);
      if (!row) throw notFound(M.msg('notification_not_found'));
      return toNotificationDto(row, lang);
    },

    async markAllRead(gymId: number, userId: number) {
      return { updated: await d.repo.markAllRead(gymId, userId) };
    },

    /** Notifications go with the account (ON DELETE CASCADE); the export lists them. */
    userData(): UserDataContributor {
      return {
        name: 'notifications',
        export: async (userId, tx) =>
          (await d.repo.ofUser(userId, tx)).map((r) => toNotificationDto(r, 'en')),
      };
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
