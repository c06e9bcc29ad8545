import type { Lang } from '../../../platform/i18n.js';

/**
 * The texts of a notification, rendered from its kind and data in the reader's language. Data keys used:
 * - `name` (class or event name), `starts_at` (ISO instant), `timezone` (IANA zone of the gym, for the time shown);
 * - `what` or `slot_kind`: 'session' | 'event' (waitlist_promoted);
 * - `change`: 'time' | 'location' | 'cancelled' | 'details' (event_changed), `location`;
 * - `changes`: ('time' | 'instructor' | 'room')[], `room`, `reason`: 'timezone' (session_changed);
 * - `position`: the waitlist rank (moved_to_waitlist).
 * Missing keys degrade to generic wording, never to an error.
 */
export const hasName = (data: Record<string, unknown>) =>
  (typeof data.name === 'string' && data.name !== '') ||
  (typeof data.title === 'string' && data.title !== '');

export function renderNotification(
  kind: 'waitlist_promoted' | 'moved_to_waitlist' | 'session_cancelled' | 'session_changed' | 'event_changed',
  data: Record<string, unknown>,
  lang: Lang,
): { title: string; body: string } {
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? data[k] : undefined);
  const es = lang === 'es';
  const name = str('name') ?? str('title') ?? (es ? 'la actividad' : 'the activity');
  const when = formatWhen(str('starts_at'), str('timezone'), lang);
  const at = when ? (es ? ` del ${when}` : ` on ${when}`) : '';
  switch (kind) {
    case 'waitlist_promoted': {
      const isEvent = (str('what') ?? str('slot_kind')) === 'event';
      return es
        ? {
            title: 'Tienes plaza',
            body: `Se ha liberado una plaza y ya estás inscrito en ${isEvent ? 'el evento' : 'la clase'} «${name}»${at}.`,
          }
        : {
            title: "You're in",
            body: `A place opened up: you are now booked for ${isEvent ? 'the event' : 'the class'} "${name}"${at}.`,
          };
    }
    case 'session_cancelled':
      return es
        ? { title: 'Clase cancelada', body: `La clase «${name}»${at} se ha cancelado.` }
        : { title: 'Class cancelled', body: `The class "${name}"${at} has been cancelled.` };
    case 'session_changed': {
      const changes = Array.isArray(data.changes) ? (data.changes as unknown[]) : [];
      const room = str('room');
      const inRoom = room ? (es ? ` en ${room}` : ` in ${room}`) : '';
      const title = es ? 'Clase modificada' : 'Class changed';
      if (changes.includes('time')) {
        const why =
          str('reason') === 'timezone'
            ? es
              ? ' (el gimnasio ha cambiado de zona horaria)'
              : ' (the gym changed its time zone)'
            : '';
        return es
          ? { title, body: `La clase «${name}» cambia de hora${why}: ahora es${at}${inRoom}.` }
          : { title, body: `The class "${name}" has moved${why}: it is now${at}${inRoom}.` };
      }
      const what = [
        ...(changes.includes('instructor') ? [es ? 'tiene otro instructor' : 'has a new instructor'] : []),
        ...(changes.includes('room')
          ? [
              room
                ? es
                  ? `ahora es en ${room}`
                  : `is now in ${room}`
                : es
                  ? 'cambia de sala'
                  : 'changes room',
            ]
          : []),
      ];
      const list = what.join(es ? ' y ' : ' and ') || (es ? 'ha cambiado' : 'has changed');
      return es
        ? { title, body: `La clase «${name}»${at} ${list}.` }
        : { title, body: `The class "${name}"${at} ${list}.` };
    }
    case 'moved_to_waitlist': {
      const isEvent = (str('what') ?? str('slot_kind')) === 'event';
      const pos = typeof data.position === 'number' ? data.position : undefined;
      return es
        ? {
            title: 'Pasas a la lista de espera',
            body: `${isEvent ? 'El evento' : 'La clase'} «${name}»${at} tiene ahora menos plazas: pasas a la lista de espera${pos ? ` (puesto ${pos})` : ''}.`,
          }
        : {
            title: 'Moved to the waitlist',
            body: `${isEvent ? 'The event' : 'The class'} "${name}"${at} has fewer places now: you are on its waitlist${pos ? ` (number ${pos})` : ''}.`,
          };
    }
    case 'event_changed': {
      const change = str('change');
      if (change === 'cancelled')
        return es
          ? { title: 'Evento cancelado', body: `El evento «${name}»${at} se ha cancelado.` }
          : { title: 'Event cancelled', body: `The event "${name}"${at} has been cancelled.` };
      const loc = str('location');
      const where = loc ? (es ? ` en ${loc}` : ` at ${loc}`) : '';
      return es
        ? { title: 'Evento modificado', body: `El evento «${name}» ha cambiado: ahora es${at}${where}.` }
        : { title: 'Event changed', body: `The event "${name}" has changed: it is now${at}${where}.` };
    }
  }
}

function formatWhen(iso: string | undefined, timezone: string | undefined, lang: Lang): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' };
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone: timezone ?? 'UTC' }).format(d);
  } catch {
    return new Intl.DateTimeFormat(lang, opts).format(d);
  }
}
