/**
 * Every message catalogue of the API (any `messages.ts` or `*-messages.ts` under src, found by walking the tree,
 * so a new module's catalogue — race and training once they move to one — is checked without editing this
 * file): the same ids in every language, the same arguments, and messages that parse.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineMessages, type Catalogue } from '../../src/platform/catalogue.js';
import { LANGS, pickLang, type Lang } from '../../src/platform/i18n.js';
import { parse } from '@formatjs/icu-messageformat-parser';
import { argumentsOf, formatMessage, zoned } from '../../src/platform/message-format.js';
import { platformMessages } from '../../src/platform/messages.js';
import { reasonIds, reasonOf } from '../../src/platform/problems.js';
import { MODULES } from '../../src/modules/index.js';
import { runningMessages } from '../../src/modules/running/messages.js';

type AnyCatalogue = Catalogue<Record<string, string>>;
type Texts = Record<string, Record<string, string>>;

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../src');
const FILES = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /(^|[/\\-])messages\.ts$/.test(f))
  .sort();

const isCatalogue = (x: unknown): x is AnyCatalogue =>
  typeof x === 'object' && x !== null && 'namespace' in x && 'texts' in x && 't' in x;

/** What is wrong with a catalogue's texts: ids missing or extra in a language, arguments that differ, syntax. */
function problemsOf(texts: Texts, langs: readonly string[]): string[] {
  const out: string[] = [];
  const en = texts.en ?? {};
  for (const lang of Object.keys(texts))
    if (!langs.includes(lang)) out.push(`${lang}: not one of the API's languages (${langs.join(', ')})`);
  for (const lang of langs) {
    const t = texts[lang];
    if (!t) {
      out.push(`${lang}: missing`);
      continue;
    }
    for (const id of Object.keys(en)) if (!(id in t)) out.push(`${lang}.${id}: missing`);
    for (const id of Object.keys(t)) if (!(id in en)) out.push(`${lang}.${id}: not in en`);
    for (const [id, src] of Object.entries(t)) {
      let args: Map<string, string>;
      try {
        // The runtime's parser (FormatJS), as the web app's ICU reader would see the text.
        parse(src, { ignoreTag: true });
        args = argumentsOf(src);
      } catch (err) {
        const at = (err as { location?: { start: { offset: number } } }).location?.start.offset;
        out.push(`${lang}.${id}: ${(err as Error).message}${at === undefined ? '' : ` at ${at}`}`);
        continue;
      }
      if (!(id in en) || lang === 'en') continue;
      const show = (m: Map<string, string>) =>
        [...m]
          .map(([k, v]) => `${k}:${v}`)
          .sort()
          .join(', ');
      const want = show(argumentsOf(en[id]!));
      const got = show(args);
      if (want !== got) out.push(`${lang}.${id}: arguments [${got}], en has [${want}]`);
    }
  }
  return out;
}

const found = new Map<string, { file: string; cat: AnyCatalogue }>();
beforeAll(async () => {
  for (const file of FILES) {
    const mod = (await import(pathToFileURL(join(SRC, file)).href)) as Record<string, unknown>;
    for (const x of Object.values(mod)) if (isCatalogue(x)) found.set(x.namespace, { file, cat: x });
  }
});

describe('the catalogues', () => {
  it('are found by walking src: the platform, problems and every converted module', () => {
    expect([...found.keys()]).toEqual(
      expect.arrayContaining([
        'platform',
        'problems',
        'accounts',
        'gyms',
        'schedule',
        'events',
        'reservations',
        'notifications',
        'calendars',
        'running',
      ]),
    );
    // Every catalogue file defines one (a messages.ts that exports none is a mistake).
    for (const file of FILES)
      expect(
        [...found.values()].some((f) => f.file === file),
        file,
      ).toBe(true);
  });

  it('have every id in every language, with the same arguments, and parse', () => {
    const report = [...found.values()].flatMap(({ file, cat }) =>
      problemsOf(cat.texts as Texts, LANGS).map((p) => `${file} (${cat.namespace}) ${p}`),
    );
    expect(report).toEqual([]);
  });

  it('are translated: a Spanish text identical to its English one is listed here on purpose only', () => {
    // Texts that are the same in both languages by nature (a code, a path) go here.
    const SAME = new Set<string>([
      'training.zone.3.name', // "Tempo": the word runners use in Spanish too
      'training.zone.5.name', // "VO2max"
      // Only arguments, numbers and symbols: the words come from Intl or from other messages.
      'training.progress.up',
      'training.progress.down',
      'training.progress.pace',
      'training.progress.pace_up',
      'training.weekday',
      'training.weekday_short',
      'training.feed.summary',
    ]);
    const copies = [...found.values()].flatMap(({ cat }) =>
      Object.entries(cat.texts.en)
        .filter(
          ([id, en]) => cat.texts.es[id] === en && !SAME.has(`${cat.namespace}.${id}`) && /[a-z]{3}/.test(en),
        )
        .map(([id]) => `${cat.namespace}.${id}`),
    );
    expect(copies).toEqual([]);
  });

  it('give every refusal reason of every module a title and a detail in each language', () => {
    expect(reasonIds().length).toBeGreaterThan(0);
    for (const id of reasonIds())
      for (const lang of LANGS) {
        const r = reasonOf(id)!;
        const { title, detail } = r.render(r.example, lang);
        expect(title.trim(), id).not.toBe('');
        expect(detail.trim(), id).not.toBe('');
      }
  });

  it("render every module's notification kinds in every language, with or without data", () => {
    const kinds = MODULES.flatMap((m) => Object.entries(m.notifications ?? {}));
    expect(kinds.length).toBeGreaterThan(0);
    const full = {
      name: 'Yoga',
      starts_at: '2026-03-02T18:30:00.000Z',
      timezone: 'Europe/Madrid',
      changes: ['time', 'room'],
      room: 'Studio',
      position: 2,
      change: 'location',
      location: 'Park',
    };
    for (const [kind, render] of kinds)
      for (const data of [full, {}]) {
        const texts = LANGS.map((lang) => render(data, lang));
        for (const t of texts) {
          expect(t.title.trim(), kind).not.toBe('');
          expect(t.body.trim(), kind).not.toBe('');
        }
        // Each language has its own words, not the English ones.
        expect(new Set(texts.map((t) => t.body)).size, kind).toBe(LANGS.length);
      }
  });

  it('the check finds what it is for: a missing id, an extra id, other arguments, a syntax error', () => {
    const bad: Texts = {
      en: { a: 'Hello {name}', b: '{n, plural, one {# day} other {# days}}', c: 'x' },
      es: { a: 'Hola {nombre}', b: '{n, plural, one {# día} other {# días}', d: 'y' },
      de: { a: 'Hallo {name}', b: '{n, plural, other {# Tage}}', c: 'x' },
    };
    expect(problemsOf(bad, ['en', 'es'])).toEqual([
      "de: not one of the API's languages (en, es)",
      'es.c: missing',
      'es.d: not in en',
      'es.a: arguments [nombre:simple], en has [name:simple]',
      expect.stringMatching(/^es\.b: EXPECT_ARGUMENT_CLOSING_BRACE at \d+/),
    ]);
  });
});

describe('a third language is a catalogue, not code', () => {
  it('the languages are those of the platform catalogue', () => {
    expect(LANGS).toEqual(Object.keys(platformMessages.texts));
    expect(LANGS[0]).toBe('en');
  });

  it('a French catalogue renders with French numbers, plurals and dates, and Accept-Language can pick it', () => {
    // Registered in this test only: the production type `Lang` would make every catalogue list `fr` first.
    const fr = {
      en: { wait: '{n, plural, one {# minute} other {# minutes}} at {at, date, ::yMMMMdjjmmz}' },
      es: { wait: '{n, plural, one {# minuto} other {# minutos}} el {at, date, ::yMMMMdjjmmz}' },
      fr: { wait: '{n, plural, one {# minute} other {# minutes}} le {at, date, ::yMMMMdjjmmz}' },
    };
    const cat: AnyCatalogue = defineMessages('test-fr', fr as never);
    expect(problemsOf(fr, [...LANGS, 'fr'])).toEqual([]);
    const at = new Date(Date.UTC(2026, 2, 2, 18, 30));
    // CLDR: French counts 1.5 as singular ("1,5 minute"), English does not; grouping is a narrow no-break space.
    expect(cat.t('fr' as Lang, 'wait', { n: 1.5, at })).toMatch(/^1,5 minute le 2 mars 2026.*18:30\sUTC$/);
    expect(cat.t('en', 'wait', { n: 1.5, at })).toMatch(/^1\.5 minutes at March 2, 2026/);
    expect(cat.t('fr' as Lang, 'wait', { n: 1234, at })).toMatch(/^1\u202f234 minutes/);
    expect(pickLang('fr-CH, es;q=0.5', new Set([...LANGS, 'fr']))).toBe('fr');
    expect(pickLang('fr-CH, es;q=0.5')).toBe('es');
  });
});

describe('the message format (ICU subset over Intl)', () => {
  it('prints numbers in the language: Spanish writes 1,62', () => {
    const ratio = 'Acute:chronic workload ratio {v, number, ::.00}';
    expect(formatMessage('es', ratio, { v: 1.6234 })).toBe('Acute:chronic workload ratio 1,62');
    expect(formatMessage('en', ratio, { v: 1.6234 })).toBe('Acute:chronic workload ratio 1.62');
    expect(formatMessage('en', '{v, number, integer} / {w, number}', { v: -12.6, w: null })).toBe('-13 / –');
  });

  it('the running texts no longer print "1.62 supera 1,5"', () => {
    expect(runningMessages.t('es', 'risk.acwr_danger.message', { v: 1.6234 })).toMatch(
      /^La relación carga aguda:crónica 1,62 supera 1,5:/,
    );
    expect(runningMessages.t('en', 'risk.acwr_danger.message', { v: 1.6234 })).toMatch(
      /ratio 1\.62 is above 1\.5:/,
    );
    expect(runningMessages.t('es', 'risk.acwr_high.message', { v: null })).toContain('crónica – está');
  });

  it('chooses plurals and selects, with exact matches first and nested arguments', () => {
    const m =
      '{kind, select, event {Este evento} other {Esta sesión}}{n, plural, =0 {} one { (# plaza)} other { (# plazas)}}';
    expect(formatMessage('es', m, { kind: 'event', n: 0 })).toBe('Este evento');
    expect(formatMessage('es', m, { kind: 'session', n: 1 })).toBe('Esta sesión (1 plaza)');
    expect(formatMessage('es', m, { kind: 'x', n: 1200 })).toBe('Esta sesión (1200 plazas)');
    expect(formatMessage('en', '{a, select, x {in {b}} other {}}', { a: 'x', b: 'Madrid' })).toBe(
      'in Madrid',
    );
  });

  it('writes lists, weekdays and instants in a zone (an unknown zone falls back to UTC)', () => {
    expect(formatMessage('es', '{xs}', { xs: ['A', 'B', 'C'] })).toBe('A, B y C');
    const d = new Date(Date.UTC(2026, 5, 1, 5, 0)); // a Monday
    expect(formatMessage('es', '{d, date, ::EEEE}', { d })).toBe('lunes');
    expect(formatMessage('en', '{d, date, ::EEEE}', { d })).toBe('Monday');
    expect(formatMessage('es', '{d, date, ::yMMMdjmm}', { d: zoned(d, 'Europe/Madrid') })).toBe(
      '1 jun 2026, 7:00',
    );
    expect(formatMessage('en', '{d, date, ::yMMMdjmm}', { d: zoned(d, 'Mars/Olympus') })).toBe(
      'Jun 1, 2026, 5:00 AM',
    );
  });

  it('refuses malformed messages', () => {
    for (const bad of [
      '{',
      // A lone "}" outside an argument is text in ICU (MessagePattern), and so in FormatJS.
      '{n, select, a }',
      '{n, plural, one {x}}',
      '{n, bogus}',
      '{a b}',
      '{n, plural, one {x} other {y}',
    ])
      expect(() => formatMessage('en', bad, { n: 1 }), bad).toThrow();
  });

  it('types ids and parameters from the English text', () => {
    const cat = platformMessages;
    expect(cat.t('es', 'title.validation')).toBe('Datos no válidos');
    expect(cat.t('es', 'rate.detail', { max: 1000, seconds: 1 })).toBe(
      'Demasiadas solicitudes: como máximo 1000 cada 1 segundo',
    );
    // @ts-expect-error an id that no catalogue has
    expect(() => cat.t('en', 'title.no_such_id')).toThrow();
    // @ts-expect-error a parameter of the wrong type (plural needs a number)
    cat.t('en', 'rate.detail', { max: 1, seconds: 'one' });
    // @ts-expect-error a missing parameter
    cat.t('en', 'rate.detail', { max: 1 });
  });
});
