import { LANGS, type Lang } from './messages.js';
import { zoned, type Arg } from './message-format.js';
import { problemMessages } from './problem-messages.js';

/**
 * Why a request was refused, when the reason is a rule of the domain rather than a malformed request or a
 * missing role. Each reason has its own problem `type` (`urn:pulso:problem:<id with dashes>`) and `code` (the
 * id), so a client tells "already booked" from "plan exists" without reading the English text; the title and
 * detail follow the request's language. The list is published in the OpenAPI document (`x-problem-types`).
 */

type SlotKind = 'session' | 'event';

export interface Reason<P = Record<string, never>> {
  status: 403 | 404 | 409 | 422;
  /** The arguments of its messages (`problem-messages.ts`: `<id>.title`, `<id>.detail`) from its parameters. */
  args?: (p: P) => Record<string, Arg>;
  /** Parameters for the published sample text and for the test that renders every reason in each language. */
  example: P;
}

const reason = <P>(r: Reason<P>): Reason<P> => r;

export const REASONS = {
  // ---- 403: a rule, not a role
  email_unverified: reason({ status: 403, example: {} }),
  owner_only: reason<{ act: 'change' | 'grant' }>({
    status: 403,
    args: (p) => p,
    example: { act: 'change' },
  }),
  self_only: reason<{ act: 'see_membership' | 'book' | 'register' }>({
    status: 403,
    args: (p) => p,
    example: { act: 'book' },
  }),

  // ---- 409: the state of the data refuses the change
  last_owner: reason<{ gyms?: { id: number; name: string }[] }>({
    status: 409,
    args: (p) => ({
      count: p.gyms?.length ?? 0,
      gyms: (p.gyms ?? []).map((g) => `"${g.name}" (id ${g.id})`),
    }),
    example: { gyms: [{ id: 7, name: 'Centro' }] },
  }),
  invitation_expired: reason({ status: 409, example: {} }),
  capacity_below_bookings: reason<{ kind: SlotKind; booked: number; capacity: number; moved: number }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'session', booked: 12, capacity: 10, moved: 2 },
  }),
  too_few_to_demote: reason<{ movable: number }>({ status: 409, args: (p) => p, example: { movable: 1 } }),
  slot_cancelled: reason<{ kind: SlotKind }>({ status: 409, args: (p) => p, example: { kind: 'session' } }),
  slot_started: reason<{ kind: SlotKind; act: 'book' | 'cancel_booking' | 'cancel' }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'session', act: 'book' },
  }),
  already_booked: reason<{ kind: SlotKind }>({ status: 409, args: (p) => p, example: { kind: 'session' } }),
  booking_cancelled: reason({ status: 409, example: {} }),
  attendance_recorded: reason<{ kind: SlotKind }>({
    status: 409,
    args: (p) => p,
    example: { kind: 'event' },
  }),
  cancellation_closed: reason<{ minutes: number }>({
    status: 409,
    args: (p) => p,
    example: { minutes: 120 },
  }),
  booking_not_markable: reason<{ status: 'cancelled' | 'waitlisted' }>({
    status: 409,
    args: (p) => p,
    example: { status: 'waitlisted' },
  }),
  attendance_too_early: reason<{ kind: SlotKind; startsAt: Date; timeZone?: string }>({
    status: 409,
    args: (p) => ({ kind: p.kind, startsAt: zoned(p.startsAt, p.timeZone) }),
    example: { kind: 'session', startsAt: new Date(Date.UTC(2026, 2, 2, 18, 30)) },
  }),
  category_name_taken: reason({ status: 409, example: {} }),
  activity_imported: reason<{ startedAt: Date }>({
    status: 409,
    args: (p) => p,
    example: { startedAt: new Date(Date.UTC(2026, 4, 10, 7, 5)) },
  }),
  plan_exists: reason({ status: 409, example: {} }),
  email_taken: reason<{ signIn?: boolean }>({
    status: 409,
    args: (p) => ({ signIn: p.signIn ? 'yes' : 'no' }),
    example: { signIn: true },
  }),

  // ---- 422: the request is well formed, but the data it relies on is missing
  max_hr_needed: reason({ status: 422, example: {} }),
  reference_needed: reason({ status: 422, example: {} }),

  // ---- 404 (issue 12, gym seed): a resource answered the same whether it does not exist or is not the caller's
  // to see, so the text must not tell which.
  user_not_found: reason({ status: 404, example: {} }),
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
  const args = r.args?.(params) ?? {};
  // The ids are built from the reason's; the catalogue test checks every reason has both messages.
  const t = problemMessages.t as (lang: Lang, id: string, p: Record<string, Arg>) => string;
  return { title: t(lang, `${id}.title`, args), detail: t(lang, `${id}.detail`, args) };
}

/** The published list: one entry per reason, with its status, titles and a sample detail in each language. */
export function problemTypes() {
  return (Object.keys(REASONS) as ReasonId[]).map((id) => {
    const r = REASONS[id] as unknown as Reason<unknown>;
    const texts = LANGS.map((lang) => [lang, renderReason(id, r.example as never, lang)] as const);
    return {
      type: problemType(id),
      code: id,
      status: r.status,
      title: Object.fromEntries(texts.map(([lang, t]) => [lang, t.title])) as Record<Lang, string>,
      example: Object.fromEntries(texts.map(([lang, t]) => [lang, t.detail])) as Record<Lang, string>,
    };
  });
}
