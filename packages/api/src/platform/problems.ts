import type { Arg } from './message-format.js';
import { LANGS, type Lang } from './messages.js';

/**
 * Why a request was refused, when the reason is a rule of the domain rather than a malformed request or a
 * missing role. Each reason has its own problem `type` (`urn:pulso:problem:<id with dashes>`) and `code` (the
 * id), so a client tells "already booked" from "plan exists" without reading the English text; the title and
 * detail follow the request's language. Modules define their reasons next to their code (`reasons.ts`, with
 * `defineReasons` of platform/errors.ts and the texts `<id>.title`, `<id>.detail` in their catalogue); every
 * reason defined lands in this registry, which the OpenAPI document (`x-problem-types`) and
 * `GET /api/v1/problem-types` publish.
 */
export interface Reason<P = Record<string, never>> {
  status: 403 | 404 | 409 | 422;
  /** The arguments of its messages (`<id>.title`, `<id>.detail` in its catalogue) from its parameters. */
  args?: (p: P) => Record<string, Arg>;
  /** Parameters for the published sample text and for the test that renders every reason in each language. */
  example: P;
}

export const reason = <P = Record<string, never>>(r: Reason<P>): Reason<P> => r;

/** Any reason, whatever its parameters (what a set of reasons is made of). */
export interface AnyReason {
  status: Reason['status'];
  args?: (p: never) => Record<string, Arg>;
  example: unknown;
}

/** What a catalogue must offer for its reasons' texts (platform/catalogue.ts). */
export interface ReasonTexts {
  namespace: string;
  texts: { en: object };
  t: unknown;
}

interface Registered {
  status: Reason['status'];
  example: unknown;
  namespace: string;
  render(params: unknown, lang: Lang): { title: string; detail: string };
}

const REGISTRY = new Map<string, Registered>();

/** Adds a module's reasons to the registry; an id defined twice, or without its two texts, stops the start. */
export function registerReasons(catalogue: ReasonTexts, reasons: Record<string, AnyReason>) {
  const t = catalogue.t as (lang: Lang, id: string, p: Record<string, Arg>) => string;
  for (const [id, r] of Object.entries(reasons)) {
    const other = REGISTRY.get(id);
    if (other)
      throw new Error(`problem reason "${id}" is defined by ${other.namespace} and ${catalogue.namespace}`);
    for (const part of ['title', 'detail'])
      if (!(`${id}.${part}` in catalogue.texts.en))
        throw new Error(
          `problem reason "${id}" has no "${id}.${part}" in the ${catalogue.namespace} catalogue`,
        );
    const args = (r.args ?? (() => ({}))) as (p: unknown) => Record<string, Arg>;
    REGISTRY.set(id, {
      status: r.status,
      example: r.example,
      namespace: catalogue.namespace,
      render: (params, lang) => {
        const a = args(params);
        return { title: t(lang, `${id}.title`, a), detail: t(lang, `${id}.detail`, a) };
      },
    });
  }
}

/** A registered reason; undefined for an id nobody defined. */
export const reasonOf = (id: string) => REGISTRY.get(id);

/** Every reason defined so far (every module's, once the modules are loaded), sorted. */
export const reasonIds = () => [...REGISTRY.keys()].sort();

export const problemType = (code: string) => `urn:pulso:problem:${code.replaceAll('_', '-')}`;

/** The published list: one entry per reason, with its status, titles and a sample detail in each language. */
export function problemTypes() {
  return reasonIds().map((id) => {
    const r = REGISTRY.get(id)!;
    const texts = LANGS.map((lang) => [lang, r.render(r.example, lang)] as const);
    return {
      type: problemType(id),
      code: id,
      status: r.status,
      title: Object.fromEntries(texts.map(([lang, t]) => [lang, t.title])) as Record<Lang, string>,
      example: Object.fromEntries(texts.map(([lang, t]) => [lang, t.detail])) as Record<Lang, string>,
    };
  });
}
