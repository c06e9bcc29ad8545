import type { Lang } from './i18n.js';

/**
 * Why a request was refused, when the reason is a rule of the domain rather than a malformed request or a
 * missing role. Each reason has its own problem `type` (`urn:pulso:problem:<id with dashes>`) and `code` (the
 * id), so a client tells "already booked" from "plan exists" without reading the English text; the title and
 * detail follow the request's language. The list is published in the OpenAPI document (`x-problem-types`).
 */

type SlotKind = 'session' | 'event';

/** Formatting of the values a detail quotes, in the language of the response (ECMA-402 `Intl`). */
export interface Fmt {
  n(x: number): string;
  /** An instant, with the zone it is shown in named (UTC unless the caller knows a better one). */
  date(d: Date, timeZone?: string): string;
  list(xs: string[]): string;
}

export function fmtFor(lang: Lang): Fmt {
  const num = new Intl.NumberFormat(lang);
  const list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' });
  return {
    n: (x) => num.format(x),
    date: (d, timeZone = 'UTC') =>
      new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }).format(d),
    list: (xs) => list.format(xs),
  };
}

type Detail<P> = (p: P, f: Fmt) => string;

export interface Reason<P = Record<string, never>> {
  status: 403 | 409 | 422;
  title: Record<Lang, string>;
  detail: Record<Lang, Detail<P>>;
  /** Parameters for the published sample text and for the test that renders every reason in each language. */
  example: P;
}

const reason = <P>(r: Reason<P>): Reason<P> => r;

// Spanish needs the gender of the noun: "esta sesión está cancelada", "este evento está cancelado".
const ES: Record<SlotKind, { this: string; the: string; of: string; cancelled: string }> = {
  session: { this: 'esta sesión', the: 'la sesión', of: 'de la sesión', cancelled: 'cancelada' },
  event: { this: 'este evento', the: 'el evento', of: 'del evento', cancelled: 'cancelado' },
};
const EN: Record<SlotKind, string> = { session: 'session', event: 'event' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const REASONS = {
  // ---- 403: a rule, not a role
  email_unverified: reason({
    status: 403,
    title: { en: 'E-mail not confirmed', es: 'Correo electrónico sin confirmar' },
    detail: {
      en: () => 'Confirm your e-mail first: invitations are shown to the confirmed owner of the address',
      es: () =>
        'Confirma primero tu correo electrónico: las invitaciones solo se muestran a quien ha confirmado la dirección',
    },
    example: {},
  }),
  owner_only: reason<{ act: 'change' | 'grant' }>({
    status: 403,
    title: { en: 'Only an owner can do this', es: 'Solo un propietario puede hacerlo' },
    detail: {
      en: (p) =>
        p.act === 'grant'
          ? 'Only an owner can make someone an owner'
          : 'Only an owner can change or remove an owner',
      es: (p) =>
        p.act === 'grant'
          ? 'Solo un propietario puede hacer propietario a alguien'
          : 'Solo un propietario puede cambiar o quitar a un propietario',
    },
    example: { act: 'change' },
  }),
  self_only: reason<{ act: 'see_membership' | 'book' | 'register' }>({
    status: 403,
    title: { en: 'Members act only for themselves', es: 'Los socios solo actúan por sí mismos' },
    detail: {
      en: (p) =>
        ({
          see_membership: 'Members can only see their own membership',
          book: 'Members can only book for themselves',
          register: 'Members can only register themselves',
        })[p.act],
      es: (p) =>
        ({
          see_membership: 'Un socio solo puede ver su propia membresía',
          book: 'Un socio solo puede reservar para sí mismo',
          register: 'Un socio solo puede inscribirse a sí mismo',
        })[p.act],
    },
    example: { act: 'book' },
  }),

  // ---- 409: the state of the data refuses the change
  last_owner: reason<{ gyms?: { id: number; name: string }[] }>({
    status: 409,
    title: { en: 'Last owner', es: 'Último propietario' },
    detail: {
      en: (p, f) =>
        p.gyms?.length
          ? `You are the last owner of ${f.list(p.gyms.map((g) => `"${g.name}" (id ${g.id})`))}; make another member owner first`
          : 'A gym must keep at least one owner; make someone else owner first',
      es: (p, f) =>
        p.gyms?.length
          ? `Eres el último propietario de ${f.list(p.gyms.map((g) => `"${g.name}" (id ${g.id})`))}; haz propietario antes a otro socio`
          : 'Un gimnasio debe conservar al menos un propietario; haz propietario antes a otra persona',
    },
    example: { gyms: [{ id: 7, name: 'Centro' }] },
  }),
  invitation_expired: reason({
    status: 409,
    title: { en: 'Invitation expired', es: 'Invitación caducada' },
    detail: {
      en: () => 'This invitation has expired; ask the gym to invite you again',
      es: () => 'Esta invitación ha caducado; pide al gimnasio que te invite de nuevo',
    },
    example: {},
  }),
  capacity_below_bookings: reason<{ kind: SlotKind; booked: number; capacity: number; moved: number }>({
    status: 409,
    title: { en: 'Capacity below the booked places', es: 'Aforo por debajo de las plazas reservadas' },
    detail: {
      en: (p, f) =>
        `${f.n(p.booked)} places of this ${EN[p.kind]} are taken; a capacity of ${f.n(p.capacity)} moves ${f.n(p.moved)} of them to the waitlist: name the bookings in "demote" or send "demote": "latest"`,
      es: (p, f) =>
        `${cap(ES[p.kind].this)} tiene ${f.n(p.booked)} plazas ocupadas; un aforo de ${f.n(p.capacity)} pasa ${f.n(p.moved)} a la lista de espera: indica las reservas en "demote" o envía "demote": "latest"`,
    },
    example: { kind: 'session', booked: 12, capacity: 10, moved: 2 },
  }),
  too_few_to_demote: reason<{ movable: number }>({
    status: 409,
    title: { en: 'Not enough bookings to move', es: 'No hay reservas suficientes que mover' },
    detail: {
      en: (p, f) => `Only ${f.n(p.movable)} of the places taken are bookings that can go to the waitlist`,
      es: (p, f) =>
        `Solo ${f.n(p.movable)} de las plazas ocupadas son reservas que pueden pasar a la lista de espera`,
    },
    example: { movable: 1 },
  }),
  slot_cancelled: reason<{ kind: SlotKind }>({
    status: 409,
    title: { en: 'Cancelled by the gym', es: 'Cancelado por el gimnasio' },
    detail: {
      en: (p) => `This ${EN[p.kind]} is cancelled; it cannot be booked`,
      es: (p) => `${cap(ES[p.kind].this)} está ${ES[p.kind].cancelled}; no se puede reservar`,
    },
    example: { kind: 'session' },
  }),
  slot_started: reason<{ kind: SlotKind; act: 'book' | 'cancel_booking' | 'cancel' }>({
    status: 409,
    title: { en: 'Already started', es: 'Ya ha empezado' },
    detail: {
      en: (p) =>
        `This ${EN[p.kind]} has already started; ${
          {
            book: 'it cannot be booked',
            cancel_booking: 'the booking can no longer be cancelled',
            cancel: 'it cannot be cancelled',
          }[p.act]
        }`,
      es: (p) =>
        `${cap(ES[p.kind].this)} ya ha empezado; ${
          {
            book: 'no se puede reservar',
            cancel_booking: 'la reserva ya no se puede cancelar',
            cancel: 'no se puede cancelar',
          }[p.act]
        }`,
    },
    example: { kind: 'session', act: 'book' },
  }),
  already_booked: reason<{ kind: SlotKind }>({
    status: 409,
    title: { en: 'Already booked', es: 'Ya reservado' },
    detail: {
      en: (p) => `Already reserved: this person already has a place or waitlist entry for this ${EN[p.kind]}`,
      es: (p) => `Ya reservado: esta persona ya tiene plaza o puesto en la lista de espera ${ES[p.kind].of}`,
    },
    example: { kind: 'session' },
  }),
  booking_cancelled: reason({
    status: 409,
    title: { en: 'Booking already cancelled', es: 'Reserva ya cancelada' },
    detail: { en: () => 'This booking is already cancelled', es: () => 'Esta reserva ya está cancelada' },
    example: {},
  }),
  attendance_recorded: reason<{ kind: SlotKind }>({
    status: 409,
    title: { en: 'Attendance already recorded', es: 'Asistencia ya registrada' },
    detail: {
      en: (p) => `Attendance has been recorded for this ${EN[p.kind]}; it cannot be cancelled`,
      es: (p) => `Ya se ha registrado la asistencia ${ES[p.kind].of}; no se puede cancelar`,
    },
    example: { kind: 'event' },
  }),
  cancellation_closed: reason<{ minutes: number }>({
    status: 409,
    title: { en: 'Cancellation closed', es: 'Cancelación cerrada' },
    detail: {
      en: (p, f) =>
        `Cancellation closed: bookings can be cancelled up to ${f.n(p.minutes)} minutes before the start`,
      es: (p, f) =>
        `Cancelación cerrada: las reservas se pueden cancelar hasta ${f.n(p.minutes)} minutos antes del inicio`,
    },
    example: { minutes: 120 },
  }),
  booking_not_markable: reason<{ status: 'cancelled' | 'waitlisted' }>({
    status: 409,
    title: { en: 'Booking has no place', es: 'La reserva no tiene plaza' },
    detail: {
      en: (p) =>
        `Only a booking with a place can be marked; this one is ${p.status === 'cancelled' ? 'cancelled' : 'on the waitlist'}`,
      es: (p) =>
        `Solo se puede marcar una reserva con plaza; esta está ${p.status === 'cancelled' ? 'cancelada' : 'en la lista de espera'}`,
    },
    example: { status: 'waitlisted' },
  }),
  attendance_too_early: reason<{ kind: SlotKind; startsAt: Date; timeZone?: string }>({
    status: 409,
    title: { en: 'Too early to record attendance', es: 'Demasiado pronto para registrar la asistencia' },
    detail: {
      en: (p, f) =>
        `Attendance can be recorded from the start of the ${EN[p.kind]} (${f.date(p.startsAt, p.timeZone)}), not before`,
      es: (p, f) =>
        `La asistencia se puede registrar desde el inicio ${ES[p.kind].of} (${f.date(p.startsAt, p.timeZone)}), no antes`,
    },
    example: { kind: 'session', startsAt: new Date(Date.UTC(2026, 2, 2, 18, 30)) },
  }),
  category_name_taken: reason({
    status: 409,
    title: { en: 'Category name taken', es: 'Nombre de categoría en uso' },
    detail: {
      en: () => 'This gym already has a category with that name',
      es: () => 'Este gimnasio ya tiene una categoría con ese nombre',
    },
    example: {},
  }),
  activity_imported: reason<{ startedAt: Date }>({
    status: 409,
    title: { en: 'Activity already imported', es: 'Actividad ya importada' },
    detail: {
      en: (p, f) => `This activity (started ${f.date(p.startedAt)}) has already been imported`,
      es: (p, f) => `Esta actividad (iniciada el ${f.date(p.startedAt)}) ya se ha importado`,
    },
    example: { startedAt: new Date(Date.UTC(2026, 4, 10, 7, 5)) },
  }),
  plan_exists: reason({
    status: 409,
    title: { en: 'Training plan exists', es: 'Ya hay un plan de entrenamiento' },
    detail: {
      en: () => 'A training plan already exists; delete it first (DELETE /api/v1/training/plan)',
      es: () => 'Ya existe un plan de entrenamiento; bórralo primero (DELETE /api/v1/training/plan)',
    },
    example: {},
  }),
  email_taken: reason<{ signIn?: boolean }>({
    status: 409,
    title: { en: 'E-mail already registered', es: 'Correo electrónico ya registrado' },
    detail: {
      en: (p) => `An account with this e-mail already exists${p.signIn ? '; sign in with its password' : ''}`,
      es: (p) =>
        `Ya existe una cuenta con este correo electrónico${p.signIn ? '; inicia sesión con su contraseña' : ''}`,
    },
    example: { signIn: true },
  }),

  // ---- 422: the request is well formed, but the data it relies on is missing
  max_hr_needed: reason({
    status: 422,
    title: { en: 'Maximum heart rate needed', es: 'Falta la frecuencia cardiaca máxima' },
    detail: {
      en: () => 'max_hr or birth_date is needed in the athlete profile (or max_hr in the query)',
      es: () => 'hace falta max_hr o birth_date en el perfil del atleta (o max_hr en la consulta)',
    },
    example: {},
  }),
  reference_needed: reason({
    status: 422,
    title: { en: 'Reference performance needed', es: 'Falta una marca de referencia' },
    detail: {
      en: () =>
        'A reference performance is needed: send reference (distance_km and time_s of a recent race or all-out effort), or record running workouts of at least 3 km in the last 90 days.',
      es: () =>
        'Hace falta una marca de referencia: envía reference (distance_km y time_s de una carrera o esfuerzo máximo reciente), o registra entrenamientos de carrera de al menos 3 km en los últimos 90 días.',
    },
    example: {},
  }),

  // ---- segments module (issue 15) ----
  segment_owner_only: reason({
    status: 403,
    title: { en: 'Only the owner can do this', es: 'Solo quien lo creó puede hacerlo' },
    detail: {
      en: () => 'Only the person who created this segment can change or delete it',
      es: () => 'Solo quien creó este segmento puede cambiarlo o borrarlo',
    },
    example: {},
  }),
  segment_gym_not_member: reason({
    status: 422,
    title: { en: 'Not a member of that gym', es: 'No eres socio de ese gimnasio' },
    detail: {
      en: () => 'gym_id: a segment can only be shared with a gym you belong to',
      es: () => 'gym_id: un segmento solo se puede compartir con un gimnasio al que perteneces',
    },
    example: {},
  }),
  segment_geometry_invalid: reason<{ why: 'too_few_points' | 'crosses_itself' | 'doubles_back' }>({
    status: 422,
    title: { en: 'Geometry not usable', es: 'Geometría no válida' },
    detail: {
      en: (p) =>
        `geometry.coordinates: ${
          {
            too_few_points: 'the line needs at least two different positions',
            crosses_itself: 'the line crosses itself (split it into segments that do not)',
            doubles_back: 'the line turns straight back over itself',
          }[p.why]
        }`,
      es: (p) =>
        `geometry.coordinates: ${
          {
            too_few_points: 'la línea necesita al menos dos posiciones distintas',
            crosses_itself: 'la línea se cruza consigo misma (divídela en segmentos que no se crucen)',
            doubles_back: 'la línea vuelve sobre sí misma',
          }[p.why]
        }`,
    },
    example: { why: 'crosses_itself' },
  }),
  segment_start_mismatch: reason<{ metres: number }>({
    status: 422,
    title: { en: 'Start point and geometry disagree', es: 'El inicio no coincide con la geometría' },
    detail: {
      en: (p, f) =>
        `longitude/latitude are ${f.n(p.metres)} m from the geometry's first position; send one or make them agree`,
      es: (p, f) =>
        `longitude/latitude están a ${f.n(p.metres)} m de la primera posición de la geometría; envía solo una o haz que coincidan`,
    },
    example: { metres: 120 },
  }),
  // ---- end of segments module ----
} as const;

export type ReasonId = keyof typeof REASONS;
export type ParamsOf<R extends ReasonId> = (typeof REASONS)[R] extends Reason<infer P> ? P : never;

export const problemType = (code: string) => `urn:pulso:problem:${code.replaceAll('_', '-')}`;

export function renderReason<R extends ReasonId>(
  id: R,
  params: ParamsOf<R>,
  lang: Lang,
): { title: string; detail: string } {
  const r = REASONS[id] as unknown as Reason<ParamsOf<R>>;
  return { title: r.title[lang], detail: r.detail[lang](params, fmtFor(lang)) };
}

/** The published list: one entry per reason, with its status, titles and a sample detail in each language. */
export function problemTypes() {
  return (Object.keys(REASONS) as ReasonId[]).map((id) => {
    const r = REASONS[id] as unknown as Reason<unknown>;
    const en = renderReason(id, r.example as never, 'en');
    const es = renderReason(id, r.example as never, 'es');
    return {
      type: problemType(id),
      code: id,
      status: r.status,
      title: { en: en.title, es: es.title },
      example: { en: en.detail, es: es.detail },
    };
  });
}
