import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Allergen } from '@pulso/contracts/foods';
import { hasGs1CheckDigit } from '@pulso/contracts/gtin';
import { checkEnergy, checkMasses, type Nutrients } from './domain/nutrients.js';
import type { FoodsRepo, FoodValues } from './repo.js';

/**
 * `pulso import-foods`: Open Food Facts exports (https://world.openfoodfacts.org/data), the JSONL dump (one
 * product per line) or the tab-separated CSV, gzipped or not. The file is streamed, never held in memory:
 * rows are checked one by one and written in batches, upserted by barcode, so a second run updates rather
 * than duplicates. Open Food Facts data is under the Open Database License (ODbL 1.0), which the rows carry.
 */
export const OFF_SOURCE = 'Open Food Facts';
export const OFF_LICENCE = 'ODbL 1.0';

export type SkipReason =
  | 'unreadable'
  | 'barcode'
  | 'name'
  | 'energy_missing'
  | 'macros_missing'
  | 'out_of_range'
  | 'masses'
  | 'energy_mismatch';

export interface ImportReport {
  format: 'jsonl' | 'csv';
  read: number;
  inserted: number;
  updated: number;
  skipped: number;
  reasons: Partial<Record<SkipReason, number>>;
}

/** Open Food Facts allergen tags (taxonomy "allergens") to the EU Annex II codes Pulso uses. */
const OFF_ALLERGENS: Record<string, Allergen> = {
  'en:gluten': 'gluten',
  'en:crustaceans': 'crustaceans',
  'en:eggs': 'eggs',
  'en:fish': 'fish',
  'en:peanuts': 'peanuts',
  'en:soybeans': 'soybeans',
  'en:milk': 'milk',
  'en:nuts': 'nuts',
  'en:celery': 'celery',
  'en:mustard': 'mustard',
  'en:sesame-seeds': 'sesame',
  'en:sulphur-dioxide-and-sulphites': 'sulphites',
  'en:lupin': 'lupin',
  'en:molluscs': 'molluscs',
};

// The contract's barcode: a GTIN's length and its check digit (an export holds some mistyped codes).
const BARCODE = /^(?:\d{8}|\d{12,14})$/;
const KJ_PER_KCAL = 4.184;

type Raw = Record<string, unknown>;

/** A number from either export (JSONL numbers, CSV text; OFF writes some as "12,5" in a few locales). */
function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}
const textOf = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** Tags: a JSON array in JSONL, comma-separated text in CSV. */
const tagsOf = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : textOf(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** One OFF product to a food, or why it is skipped. Exported for its tests. */
export function fromOff(
  p: Raw,
): { ok: true; food: FoodValues & { barcode: string } } | { ok: false; reason: SkipReason } {
  // JSONL nests the per-100 g values under "nutriments"; the CSV has them as columns.
  const nu = (p.nutriments && typeof p.nutriments === 'object' ? p.nutriments : p) as Raw;
  const barcode = textOf(p.code);
  if (!BARCODE.test(barcode) || !hasGs1CheckDigit(barcode)) return { ok: false, reason: 'barcode' };
  const en = textOf(p.product_name_en) || textOf(p.product_name);
  const es = textOf(p.product_name_es) || en;
  if (!en) return { ok: false, reason: 'name' };
  const kj = numberOf(nu['energy-kj_100g']) ?? numberOf(nu.energy_100g);
  const kcal = numberOf(nu['energy-kcal_100g']) ?? (kj !== undefined ? kj / KJ_PER_KCAL : undefined);
  if (kcal === undefined) return { ok: false, reason: 'energy_missing' };
  const protein = numberOf(nu.proteins_100g);
  const carbs = numberOf(nu.carbohydrates_100g);
  const fat = numberOf(nu.fat_100g);
  if (protein === undefined || carbs === undefined || fat === undefined)
    return { ok: false, reason: 'macros_missing' };
  const salt = numberOf(nu.salt_100g);
  // OFF gives sodium in g per 100 g; from salt when only salt is given (EU 1169/2011 Annex I: salt = Na × 2.5).
  const sodiumG = numberOf(nu.sodium_100g) ?? (salt !== undefined ? salt / 2.5 : 0);
  const n: Nutrients = {
    kcal,
    protein_g: protein,
    carbs_g: carbs,
    sugars_g: numberOf(nu.sugars_100g) ?? 0,
    fat_g: fat,
    saturated_fat_g: numberOf(nu['saturated-fat_100g']) ?? 0,
    fibre_g: numberOf(nu.fiber_100g) ?? 0,
    sodium_mg: sodiumG * 1000,
  };
  const masses = [n.protein_g, n.carbs_g, n.sugars_g, n.fat_g, n.saturated_fat_g, n.fibre_g];
  if (
    n.kcal < 0 ||
    n.kcal > 900 ||
    masses.some((m) => m < 0 || m > 100) ||
    n.sodium_mg < 0 ||
    n.sodium_mg > 40_000
  )
    return { ok: false, reason: 'out_of_range' };
  if (!checkMasses(n).ok) return { ok: false, reason: 'masses' };
  if (!checkEnergy(n).ok) return { ok: false, reason: 'energy_mismatch' };
  const allergens = [
    ...new Set(tagsOf(p.allergens_tags).flatMap((t) => (OFF_ALLERGENS[t] ? [OFF_ALLERGENS[t]] : []))),
  ].sort();
  const analysis = tagsOf(p.ingredients_analysis_tags);
  const vegan = analysis.includes('en:vegan');
  return {
    ok: true,
    food: {
      nameEn: en.slice(0, 200),
      nameEs: es.slice(0, 200),
      kcal: Math.round(n.kcal * 10) / 10,
      proteinG: n.protein_g,
      carbsG: n.carbs_g,
      sugarsG: n.sugars_g,
      fatG: n.fat_g,
      saturatedFatG: n.saturated_fat_g,
      fibreG: n.fibre_g,
      sodiumMg: Math.round(n.sodium_mg * 10) / 10,
      servings: [],
      barcode,
      vegan,
      vegetarian: vegan || analysis.includes('en:vegetarian'),
      allergens,
    },
  };
}

/** The file's format: by its name, else by its first byte ('{' is JSONL). */
function formatOf(file: string, first: string): 'jsonl' | 'csv' {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (/\.(jsonl|ndjson|json)$/.test(name)) return 'jsonl';
  if (/\.(csv|tsv)$/.test(name)) return 'csv';
  return first.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

function open(file: string): Readable {
  const s = createReadStream(file);
  return file.toLowerCase().endsWith('.gz') ? s.pipe(createGunzip()) : s;
}

async function firstChars(file: string): Promise<string> {
  for await (const chunk of open(file)) return String(chunk).slice(0, 64);
  return '';
}

/** The rows of the file, one at a time; a line that is not JSON is given as null (counted as unreadable). */
async function* rowsOf(file: string, format: 'jsonl' | 'csv'): AsyncGenerator<Raw | null> {
  if (format === 'jsonl') {
    const lines = createInterface({ input: open(file), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        yield null;
        continue;
      }
      yield v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
    }
    return;
  }
  // OFF's CSV is tab-separated without quoting (a quote is part of the text).
  const parser = open(file).pipe(
    parse({
      delimiter: '\t',
      columns: true,
      quote: false,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }),
  );
  for await (const r of parser) yield r as Raw;
}

/**
 * Imports a file into the shared foods (`gymId` null) or a gym's. Batches of `batchSize` rows are upserted by
 * barcode (a barcode repeated in one batch keeps its last row: one statement cannot update a row twice).
 * `onProgress` is called after each batch written.
 */
export async function importOpenFoodFacts(
  repo: Pick<FoodsRepo, 'upsertImported'>,
  file: string,
  o: {
    gymId?: number | null;
    batchSize?: number;
    onProgress?: (r: ImportReport) => void;
    /** After each batch has committed, with the ids of the foods it changed (not the new ones). */
    onUpdated?: (foodIds: number[]) => Promise<void>;
  } = {},
): Promise<ImportReport> {
  const format = formatOf(file, await firstChars(file));
  const report: ImportReport = { format, read: 0, inserted: 0, updated: 0, skipped: 0, reasons: {} };
  const size = o.batchSize ?? 500;
  let batch = new Map<string, FoodValues & { barcode: string }>();
  const skip = (reason: SkipReason) => {
    report.skipped++;
    report.reasons[reason] = (report.reasons[reason] ?? 0) + 1;
  };
  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    const r = await repo.upsertImported(o.gymId ?? null, rows, OFF_SOURCE, OFF_LICENCE);
    report.inserted += r.inserted;
    report.updated += r.updated;
    if (r.updatedIds.length) await o.onUpdated?.(r.updatedIds);
    o.onProgress?.(report);
  };
  for await (const raw of rowsOf(file, format)) {
    report.read++;
    if (!raw) {
      skip('unreadable');
      continue;
    }
    const f = fromOff(raw);
    if (!f.ok) {
      skip(f.reason);
      continue;
    }
    batch.set(f.food.barcode, f.food);
    if (batch.size >= size) await flush();
  }
  await flush();
  return report;
}
