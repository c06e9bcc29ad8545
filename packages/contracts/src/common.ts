import { z } from 'zod';

/** Every id in the API is a positive 32-bit integer (the gym seed's `X-Gym-ID` is one). */
export const Id = z.coerce.number().int().positive().max(2_147_483_647);

export const IdParams = z.object({ id: Id });

/** Design §4: `skip`/`limit`, default 20, at most 100. */
export const Pagination = z.object({
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('Rows to skip'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Rows to return (1–100)'),
});
export type Pagination = z.infer<typeof Pagination>;

export const Timestamp = z.string().describe('ISO 8601 date-time, UTC');

// An unpaired UTF-16 surrogate has no UTF-8 encoding (Unicode §3.9, D91): storing it would either fail or turn
// it into U+FFFD, a silently changed value.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text a client may send for storage or lookup. PostgreSQL's `text` cannot hold U+0000 and UTF-8 cannot carry
 * a lone surrogate, so both are refused here with a message naming the field, instead of failing in the
 * database. Chain `.trim()`, `.min()`, `.max()` as on `z.string()`.
 */
export const Text = z
  .string()
  .refine((s) => !s.includes('\u0000'), {
    message: 'Must not contain the NUL character (U+0000)',
    params: { msg: 'no_nul' },
    abort: true,
  })
  .refine((s) => !LONE_SURROGATE.test(s), {
    message: 'Must be valid Unicode: it contains an unpaired UTF-16 surrogate',
    params: { msg: 'lone_surrogate' },
    abort: true,
  });

/**
 * Years a date may have. Wider than any sports or health record needs; narrower than what the stack can write:
 * PostgreSQL and JavaScript disagree below year 1, and years under 100 were read as 19xx/20xx on the way to the
 * database (0099-06-01 was stored as 1999-06-01).
 */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2200;
// `params.msg` names the API's translation of a refinement (`contract.<msg>` in platform/messages.ts), the
// other params are its values; `message` stays the English text for other readers of the contracts.
const RANGE_REFINE = {
  message: `Must be between the years ${YEAR_MIN} and ${YEAR_MAX}`,
  params: { msg: 'year_range', min: YEAR_MIN, max: YEAR_MAX },
  abort: true,
};
const MIN_MS = Date.UTC(YEAR_MIN, 0, 1);
const END_MS = Date.UTC(YEAR_MAX + 1, 0, 1);
// NaN: the format check already refused the text; one message per field is enough.
const inRange = (text: string) => {
  const ms = Date.parse(text);
  return Number.isNaN(ms) || (ms >= MIN_MS && ms < END_MS);
};

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 is refused) and lies in YEAR_MIN–YEAR_MAX. */
export const IsoDate = z.iso
  .date()
  .refine(inRange, RANGE_REFINE)
  .describe(`Calendar date, YYYY-MM-DD (${YEAR_MIN}–${YEAR_MAX})`);

/**
 * An ISO 8601 date-time with Z or an offset, whose instant lies in YEAR_MIN–YEAR_MAX (UTC). Instants are kept to
 * the millisecond (JavaScript's Date): a client that sends microseconds (Python's `isoformat()` does) is
 * accepted, and the description says what is kept, so the rounding is documented rather than silent.
 */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .refine(inRange, RANGE_REFINE)
  .describe(
    `ISO 8601 date-time with an offset or Z (${YEAR_MIN}–${YEAR_MAX}); kept to the millisecond (further digits of the seconds are dropped)`,
  );

export const Email = z.email().max(254);

export const ROLES = ['owner', 'admin', 'trainer', 'physio', 'member'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** RFC 9457 problem details. `errors` names every invalid field on a 422. */
export const Problem = z.object({
  type: z.string(),
  /** The last part of `type`, with underscores: a stable key for clients (the list is in `x-problem-types`). */
  code: z.string().optional(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

const Translated = z.object({ en: z.string(), es: z.string() });
/** One reason a request can be refused for by a rule of the domain (the `x-problem-types` of the document). */
export const ProblemType = z.object({
  type: z.string().describe('The problem `type` the server sends: urn:pulso:problem:<reason>'),
  code: z.string().describe('The problem `code`'),
  status: z.number().int(),
  title: Translated,
  example: Translated.describe('A sample detail; the real one names the values of the request'),
});
export const ProblemTypeList = z.array(ProblemType);

export const NoContent = z.null().describe('No content');
