/**
 * A subset of ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/), the syntax
 * i18next-icu, FormatJS and Crowdin-style tools read, rendered with ECMA-402 `Intl` for the message's language:
 *
 *   {name}                       string as is; number → Intl.NumberFormat; Date → date and time; string[] → list
 *   {name, number}               Intl.NumberFormat (at most 3 decimals); `integer` rounds; `plain` rounds without
 *                                grouping (years); `0.0`, `0.00` fix decimals;
 *                                null prints as a dash
 *   {name, date}                 the date in words (dateStyle long); `{name, weekday}` its weekday's name
 *                                (`{name, weekday, short}` abbreviated: "Mon", "lun")
 *   {name, datetime}             date and time (medium/short); `{name, datetime, long}` spells the month and names
 *                                the zone. The value is a Date (shown in UTC) or `zoned(date, timeZone)`.
 *   {name, list}                 Intl.ListFormat conjunction ("a, b y c")
 *   {name, plural, one {…} other {…}}   Intl.PluralRules; `=0 {…}` exact matches first; `#` is the number
 *   {name, select, a {…} other {…}}     by the string value; `other` when no branch matches
 *
 * No apostrophe quoting: a literal brace cannot be written (none of our texts needs one).
 */

export interface Zoned {
  at: Date;
  timeZone: string;
}
/** An instant to be shown in `timeZone` (an IANA zone); an unknown zone falls back to UTC. */
export const zoned = (at: Date, timeZone: string | undefined): Zoned | Date =>
  timeZone ? { at, timeZone } : at;

export type Arg = string | number | null | Date | Zoned | readonly string[];

type Node =
  | string
  | { arg: string; type: 'simple' | 'number' | 'date' | 'datetime' | 'weekday' | 'list'; style: string }
  | { arg: string; type: 'plural' | 'select'; branches: Map<string, Node[]> };

class MessageSyntaxError extends Error {}

function parse(src: string): Node[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new MessageSyntaxError(`${why} at ${i} in message: ${src}`);
  };
  const nodes = (inBranch: boolean): Node[] => {
    const out: Node[] = [];
    let text = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '}') {
        if (!inBranch) fail('unexpected }');
        break;
      }
      if (c === '{') {
        if (text) out.push(text);
        text = '';
        i++;
        out.push(argument());
        continue;
      }
      if (c === '#' && inBranch) {
        if (text) out.push(text);
        text = '';
        out.push({ arg: '#', type: 'simple', style: '' });
        i++;
        continue;
      }
      text += c;
      i++;
    }
    if (text) out.push(text);
    return out;
  };
  const argument = (): Node => {
    const close = src.indexOf('}', i);
    const open = src.indexOf('{', i);
    if (close < 0) fail('unclosed {');
    if (open < 0 || close < open) {
      const [name = '', type = '', style = ''] = src
        .slice(i, close)
        .split(',')
        .map((s) => s.trim());
      i = close + 1;
      if (!/^[A-Za-z_]\w*$/.test(name)) fail(`bad argument name "${name}"`);
      const t = type || 'simple';
      if (!['simple', 'number', 'date', 'datetime', 'weekday', 'list'].includes(t))
        fail(`unknown type "${t}"`);
      return { arg: name, type: t as 'simple', style };
    }
    const [name = '', type = ''] = src
      .slice(i, open)
      .split(',')
      .map((s) => s.trim());
    if (!/^[A-Za-z_]\w*$/.test(name)) fail(`bad argument name "${name}"`);
    if (type !== 'plural' && type !== 'select') fail(`"${type}" takes no branches`);
    // The text between "type," and the first "{" is the first branch key.
    i = src.indexOf(',', i) + 1;
    i = src.indexOf(',', i) + 1;
    const branches = new Map<string, Node[]>();
    for (;;) {
      while (src[i] === ' ') i++;
      if (src[i] === '}') {
        i++;
        break;
      }
      const brace = src.indexOf('{', i);
      if (brace < 0) fail('branch without a body');
      const key = src.slice(i, brace).trim();
      if (!key || /\s/.test(key)) fail(`bad branch key "${key}"`);
      i = brace + 1;
      branches.set(key, nodes(true));
      if (src[i] !== '}') fail('unclosed branch');
      i++;
    }
    if (!branches.has('other')) fail(`${type} without an "other" branch`);
    return { arg: name, type: type as 'plural', branches };
  };
  const out = nodes(false);
  if (i !== src.length) fail('unexpected }');
  return out;
}

const parsed = new Map<string, Node[]>();
function compiled(src: string): Node[] {
  let n = parsed.get(src);
  if (!n) parsed.set(src, (n = parse(src)));
  return n;
}

/** The arguments a message uses, with their type (`simple`, `plural`…): what every language must agree on. */
export function argumentsOf(src: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (ns: Node[]) => {
    for (const n of ns) {
      if (typeof n === 'string') continue;
      if (n.arg !== '#') found.set(n.arg, n.type === 'simple' ? (found.get(n.arg) ?? 'simple') : n.type);
      if ('branches' in n) for (const b of n.branches.values()) walk(b);
    }
  };
  walk(compiled(src));
  return found;
}

/** Formatters are costly to build (tens of µs); one per language and style. */
const formatters = new Map<string, object>();
function cached<F extends object>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as F;
}

const isZoned = (v: unknown): v is Zoned =>
  typeof v === 'object' && v !== null && 'at' in v && (v as Zoned).at instanceof Date;

function number(lang: string, x: number, style: string): string {
  const fixed = /^0\.(0+)$/.exec(style)?.[1]?.length;
  const opts: Intl.NumberFormatOptions =
    style === 'integer'
      ? { maximumFractionDigits: 0 }
      : style === 'plain'
        ? { maximumFractionDigits: 0, useGrouping: false }
        : fixed !== undefined
          ? { minimumFractionDigits: fixed, maximumFractionDigits: fixed }
          : { maximumFractionDigits: 3 };
  return cached(`n|${lang}|${style}`, () => new Intl.NumberFormat(lang, opts)).format(x);
}

const DATE_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'long' },
  weekday: { weekday: 'long' },
  'weekday|short': { weekday: 'short' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  'datetime|long': {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
};

function date(lang: string, v: Date | Zoned, type: string, style: string): string {
  const at = isZoned(v) ? v.at : v;
  const opts = DATE_STYLES[style ? `${type}|${style}` : type] ?? DATE_STYLES[type]!;
  const zone = isZoned(v) ? v.timeZone : 'UTC';
  const make = (timeZone: string) =>
    cached(
      `d|${lang}|${type}|${style}|${timeZone}`,
      () => new Intl.DateTimeFormat(lang, { ...opts, timeZone }),
    );
  let f;
  try {
    f = make(zone);
  } catch {
    f = make('UTC'); // a zone this runtime does not know: UTC rather than no text
  }
  return f.format(at);
}

const isList = (v: Arg): v is readonly string[] => Array.isArray(v);

function value(lang: string, v: Arg | undefined, type: string, style: string): string {
  if (v === undefined) return '';
  // A value the data does not have (a ratio of no load) reads as a dash, not as "null".
  if (v === null) return '–';
  if (typeof v === 'number') return number(lang, v, type === 'number' ? style : '');
  if (v instanceof Date || isZoned(v))
    return type === 'date' || type === 'weekday' || type === 'datetime'
      ? date(lang, v, type, style)
      : date(lang, v, 'datetime', '');
  if (isList(v))
    return cached(
      `l|${lang}`,
      () => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }),
    ).format(v);
  return v;
}

function render(lang: string, ns: Node[], params: Record<string, Arg | undefined>, hash?: number): string {
  let out = '';
  for (const n of ns) {
    if (typeof n === 'string') out += n;
    else if (n.arg === '#') out += hash === undefined ? '#' : number(lang, hash, '');
    else if ('branches' in n) {
      const v = params[n.arg];
      let branch: Node[] | undefined;
      if (n.type === 'plural') {
        const x = typeof v === 'number' ? v : Number(v);
        branch =
          n.branches.get(`=${x}`) ??
          n.branches.get(cached(`p|${lang}`, () => new Intl.PluralRules(lang)).select(x)) ??
          n.branches.get('other');
        out += render(lang, branch!, params, x);
      } else {
        const key = typeof v === 'string' || typeof v === 'number' ? String(v) : 'other';
        branch = n.branches.get(key) ?? n.branches.get('other');
        out += render(lang, branch!, params, hash);
      }
    } else out += value(lang, params[n.arg], n.type, n.style);
  }
  return out;
}

/** Renders `src` in `lang` (a BCP 47 tag `Intl` knows). Throws on a malformed message, never on a value. */
export function formatMessage(
  lang: string,
  src: string,
  params: Record<string, Arg | undefined> = {},
): string {
  return render(lang, compiled(src), params);
}

// ---- Types: the parameters a message needs, read from its (English) text at compile time.

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type ValueOf<Type extends string> = Type extends 'plural'
  ? number
  : Type extends 'number'
    ? number | null
    : Type extends 'select'
      ? string
      : Type extends 'date' | 'datetime' | 'weekday'
        ? Date | Zoned
        : Type extends 'list'
          ? readonly string[]
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
