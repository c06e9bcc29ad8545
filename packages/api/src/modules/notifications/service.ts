import type { Notification, Pagination } from '@pulso/contracts';
import { notFound } from '../../platform/errors.js';
import type { Executor } from '../../platform/db/index.js';
import type { Lang } from '../../platform/i18n.js';
import type { Live, LiveNotification } from '../../platform/live.js';
import { notificationsMessages as M } from './messages.js';
import type { NotificationRenderer, Notify } from '../../platform/notify.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { NotificationRow, NotificationScope, NotificationsRepo } from './repo.js';

export type { Notify, NotifyEntry } from '../../platform/notify.js';

/** When the data names no class or event, the sender's own English text says more than a generic rendering. */
const hasName = (data: Record<string, unknown>) =>
  (typeof data.name === 'string' && data.name !== '') ||
  (typeof data.title === 'string' && data.title !== '');

const toLive = (r: NotificationRow): LiveNotification => ({
  id: r.id,
  gymId: r.gymId,
  userId: r.userId,
  kind: r.kind,
  title: r.title,
  body: r.body,
  data: r.data,
  createdAt: r.createdAt.toISOString(),
});

export function createNotificationsService(d: {
  repo: NotificationsRepo;
  /** Every module's kinds (their entries' `notifications`). */
  kinds: ReadonlyMap<string, NotificationRenderer>;
  /** Open streams hear each new notification once it is committed. */
  live?: Live;
}) {
  function toDto(r: NotificationRow, lang: Lang): Notification {
    // A kind no module declares any more keeps the text it was stored with.
    const render = d.kinds.get(r.kind);
    const text =
      !render || (lang === 'en' && !hasName(r.data))
        ? { title: r.title, body: r.body }
        : render(r.data, lang);
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

  const notify: Notify = async (entries, tx) => {
    if (!entries.length) return;
    const rows = await d.repo.insertMany(
      entries.map((e) => {
        const render = d.kinds.get(e.kind);
        // A kind must be declared: a typo would store texts nobody can render again.
        if (!render) throw new Error(`notification kind "${e.kind}" is not declared by any module`);
        const en = render(e.data, 'en');
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
    for (const r of rows) d.live?.publish({ type: 'notification', notification: toLive(r) }, tx);
  };

  return {
    notify,

    /** A notification heard live, in the reader's language (as the lists show it). */
    render: (n: LiveNotification, lang: Lang): Notification =>
      toDto({ ...n, readAt: null, createdAt: new Date(n.createdAt) }, lang),

    /** The person's notifications after `afterId`, oldest first, at most `limit` (a stream resuming). */
    async after(userId: number, afterId: number, limit: number, lang: Lang, tx?: Executor) {
      return (await d.repo.after(userId, afterId, limit, tx)).map((r) => toDto(r, lang));
    },

    /** The kinds modules declared, for the OpenAPI description and clients that filter by kind. */
    kinds: () => [...d.kinds.keys()].sort(),

    async list(scope: NotificationScope, userId: number, unreadOnly: boolean, page: Pagination, lang: Lang) {
      const { rows, total } = await d.repo.list(scope, userId, unreadOnly, page);
      return { rows: rows.map((r) => toDto(r, lang)), total };
    },

    async markRead(scope: NotificationScope, userId: number, id: number, lang: Lang): Promise<Notification> {
      const row = await d.repo.markRead(scope, userId, id);
      if (!row) throw notFound(M.msg('notification_not_found'));
      return toDto(row, lang);
    },

    async markAllRead(scope: NotificationScope, userId: number) {
      return { updated: await d.repo.markAllRead(scope, userId) };
    },

    /** Notifications go with the account (ON DELETE CASCADE); the export lists them. */
    userData(): UserDataContributor {
      return {
        name: 'notifications',
        export: async (userId, tx) => (await d.repo.ofUser(userId, tx)).map((r) => toDto(r, 'en')),
      };
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
