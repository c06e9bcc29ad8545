import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';

/**
 * ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/), parsed and rendered by
 * FormatJS (`@formatjs/icu-messageformat-parser`, `intl-messageformat`) over ECMA-402 `Intl` in the message's
 * language. What the catalogues use:
 *
 *   {name}                          a string as is; a number, a Date, a list and null are written here first
 *                                   (see `simple`): Intl.NumberFormat, date and time, Intl.ListFormat, a dash
 *   {name, number}                  Intl.NumberFormat (at most 3 decimals); `integer` rounds; ICU number skeletons
 *                                   for the rest: `::.00` two decimals, `::precision-integer group-off` (years)
 *   {name, date, long}              the date in words; `::EEEE` / `::EEE` its weekday ("Monday", "lun");
 *                                   `::yMMMdjmm` date and time; `::yMMMMdjjmmz` spelt month and the zone's name
 *   {name, plural, =0 {…} one {# …} other {…}}    Intl.PluralRules; `{name, select, a {…} other {…}}`
 *
 * A date's value is a Date (shown in UTC) or `zoned(date, timeZone)`: the library takes no zone per value, so
 * the zone goes into the Intl formatters it is given (one set per zone). A number argument whose value is null
 * (data the user does not have) reads as a dash. Apostrophes quote only before a brace or `#` (ICU's default),
 * and tags are plain text (`ignoreTag`).
 */

export interface Zoned {
  at: Date;
  timeZone: string;
}
/** An instant to be shown in `timeZone` (an IANA zone); an unknown zone falls back to UTC. */
export const zoned = (at: Date, timeZone: string | undefined): Zoned | Date =>
  timeZone ? { at, timeZone } : at;

export type Arg = string | number | null | Date | Zoned | readonly string[];

const PARSE = { ignoreTag: true } as const;

interface Parsed {
  /** Each argument with its type (`simple`, `number`, `date`, `plural`, `select`…). */
  args: Map<string, string>;
}

const TYPE_NAME: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'simple',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.plural]: 'plural',
};

const parsed = new Map<string, Parsed>();
/** The library's parse, once per text; throws on a malformed message. */
function compiled(src: string): Parsed {
  let p = parsed.get(src);
  if (!p) {
    let ast: MessageFormatElement[];
    try {
      ast = parse(src, PARSE);
    } catch (err) {
      // The library names the error's kind only; the text and the offset say where.
      const at = (err as { location?: { start: { offset: number } } }).location?.start.offset;
      throw new SyntaxError(`${(err as Error).message} at ${at ?? '?'} in message: ${src}`);
    }
    const args = new Map<string, string>();
    const walk = (els: MessageFormatElement[]) => {
      for (const el of els) {
        const type = TYPE_NAME[el.type];
        if (type && 'value' in el && typeof el.value === 'string')
          args.set(el.value, type === 'simple' ? (args.get(el.value) ?? 'simple') : type);
        if ('options' in el) for (const o of Object.values(el.options)) walk(o.value);
        if (el.type === TYPE.tag) walk(el.children);
      }
    };
    walk(ast);
    parsed.set(src, (p = { args }));
  }
  return p;
}

/** The arguments a message uses, with their type (`simple`, `plural`…): what every language must agree on. */
export function argumentsOf(src: string): Map<string, string> {
  return compiled(src).args;
}

/** Formatters are costly to build (tens of µs); one per language, options and zone. */
const intl = new Map<string, object>();
function cached<F extends object>(key: string, make: () => F): F {
  let f = intl.get(key);
  if (!f) intl.set(key, (f = make()));
  return f as F;
}

const isZoned = (v: unknown): v is Zoned =>
  typeof v === 'object' && v !== null && 'at' in v && (v as Zoned).at instanceof Date;

/** The zone itself if this runtime knows it, else UTC (rather than no text). */
function knownZone(zone: string): string {
  return cached(`z|${zone}`, () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return { zone };
    } catch {
      return { zone: 'UTC' };
    }
  }).zone;
}

type Locales = string | string[] | undefined;
/**
 * The Intl formatters the library calls, cached, with the message's zone; a null number is a dash and a missing
 * value empty, so a value never makes rendering throw.
 */
function formattersFor(zone: string): Formatters {
  return cached(`f|${zone}`, () => ({
    getNumberFormat: (locales: Locales, opts?: Intl.NumberFormatOptions) => {
      const nf = cached(
        `n|${String(locales)}|${JSON.stringify(opts)}`,
        () => new Intl.NumberFormat(locales, opts),
      );
      return {
        format: (v: number | bigint | null | undefined) =>
          v === null ? '–' : v === undefined ? '' : nf.format(v),
      } as Intl.NumberFormat;
    },
    getDateTimeFormat: (locales: Locales, opts?: Intl.DateTimeFormatOptions) => {
      const df = cached(
        `d|${String(locales)}|${zone}|${JSON.stringify(opts)}`,
        () => new Intl.DateTimeFormat(locales, { ...opts, timeZone: zone }),
      );
      return {
        format: (v?: Date | number) => (v === undefined || v === null ? '' : df.format(v)),
      } as Intl.DateTimeFormat;
    },
    getPluralRules: (locales: Locales, opts?: Intl.PluralRulesOptions) =>
      cached(`p|${String(locales)}|${JSON.stringify(opts)}`, () => new Intl.PluralRules(locales, opts)),
  }));
}

const isList = (v: Arg): v is readonly string[] => Array.isArray(v);

/** A `{name}` argument's value written as text: ICU leaves numbers and dates in a bare argument unformatted. */
function simple(lang: string, v: Arg | undefined, zone: string): string {
  if (v === undefined) return '';
  if (v === null) return '–';
  const f = formattersFor(zone);
  if (typeof v === 'number') return f.getNumberFormat(lang, { maximumFractionDigits: 3 }).format(v);
  if (v instanceof Date || isZoned(v))
    return formattersFor(isZoned(v) ? knownZone(v.timeZone) : 'UTC')
      .getDateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })
      .format(isZoned(v) ? v.at : v);
  if (isList(v))
    return cached(
      `l|${lang}`,
      () => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }),
    ).format(v);
  return v;
}

/** Renders `src` in `lang` (a BCP 47 tag `Intl` knows). Throws on a malformed message, never on a value. */
export function formatMessage(
  lang: string,
  src: string,
  params: Record<string, Arg | undefined> = {},
): string {
  const { args } = compiled(src);
  // A message shows its instants in one zone: the first zoned value's (the catalogues never mix two).
  const zoneOf = Object.values(params).find(isZoned);
  const zone = zoneOf ? knownZone(zoneOf.timeZone) : 'UTC';
  const values: Record<string, unknown> = {};
  for (const [name, type] of args) {
    const v = params[name];
    values[name] = type === 'simple' ? simple(lang, v, zone) : isZoned(v) ? v.at : v;
  }
  // The library parses the text again with the language: a skeleton's `j` (hour) takes the locale's clock.
  const mf = cached(
    `m|${lang}|${zone}|${src}`,
    () => new IntlMessageFormat(src, lang, undefined, { formatters: formattersFor(zone), ignoreTag: true }),
  );
  const out = mf.format(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

// ---- Types: the parameters a message needs, read from its (English) text at compile time.

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type ValueOf<Type extends string> = Type extends 'plural'
  ? number
  : Type extends 'number'
    ? number | null
    : Type extends 'select'
      ? string
      : Type extends 'date' | 'time'
        ? Date | Zoned
        : Arg;
type TypeOf<Spec extends string> = Trim<Spec extends `${infer T},${string}` ? T : Spec>;
/** The first of "{" and "}" in S: [which, before, after]. */
type NextBrace<S extends string> = S extends `${infer A}{${infer B}`
  ? A extends `${infer A1}}${infer A2}`
    ? ['}', A1, `${A2}{${B}`]
    : ['{', A, B]
  : S extends `${infer A}}${infer B}`
    ? ['}', A, B]
    : ['', S, ''];
type Pop<T extends ('a' | 'b')[]> = T extends [...infer H extends ('a' | 'b')[], unknown] ? H : [];
/**
 * Walks the message: in text (top level or a branch body) "{" opens an argument; in an argument's branch list
 * ('a' on the stack) "{" opens a branch body ('b'). Tail-recursive, so long messages stay within TS's limits.
 */
type Walk<S extends string, Stack extends ('a' | 'b')[], Acc> =
  NextBrace<S> extends [infer C, string, infer After extends string]
    ? C extends '{'
      ? Stack extends [...unknown[], 'a']
        ? Walk<After, [...Stack, 'b'], Acc>
        : After extends `${infer Inner}}${infer Rest}`
          ? Inner extends `${string}{${string}`
            ? After extends `${infer Name},${infer Spec}{${infer R}`
              ? Walk<R, [...Stack, 'a', 'b'], Acc & { [K in Trim<Name>]: ValueOf<TypeOf<Spec>> }>
              : Acc
            : Walk<
                Rest,
                Stack,
                Acc & {
                  [K in Trim<Inner extends `${infer N},${string}` ? N : Inner>]: ValueOf<
                    Inner extends `${string},${infer Spec}` ? TypeOf<Spec> : 'simple'
                  >;
                }
              >
          : Acc
      : C extends '}'
        ? Walk<After, Pop<Stack>, Acc>
        : Acc
    : Acc;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ParamsOf<S extends string> = string extends S
  ? Record<string, Arg>
  : Simplify<Walk<S, [], unknown>>;
