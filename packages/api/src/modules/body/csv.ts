import { IsoDate } from '@pulso/contracts';
import { BODY_METRICS, BodyMetric } from '@pulso/contracts/body';
import { AppError, invalid } from '../../platform/errors.js';
import type { Checked } from './domain/metrics.js';
import { bodyMessages as M } from './messages.js';

export const MAX_CSV_BYTES = 1024 * 1024;
export const MAX_CSV_VALUES = 5000;

export interface CsvEntry {
  date: string;
  metric: BodyMetric;
  value: number;
  diastolic: number | null;
}

/** One CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === ';') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** A decimal written with a point or (Spanish spreadsheets) a comma inside quotes. */
const num = (s: string) => (/^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : NaN);

/**
 * Reads a body CSV: either long (`date,metric,value[,diastolic]`) or wide (`date` plus one column per metric;
 * blood pressure as `120/80`; empty cells skipped). Every value goes through `check` (the same range and date
 * checks as a POST, in the caller's units); the first bad cell is a 422 naming its line and column, and nothing
 * is written. A day and metric twice in one file is refused rather than silently keeping one.
 */
export function parseBodyCsv(
  body: unknown,
  contentType: string | undefined,
  check: (m: BodyMetric, value: number, diastolic: number | null, date: string) => Checked,
): CsvEntry[] {
  if (typeof body !== 'string' || !/^text\/csv\b/i.test(contentType ?? ''))
    throw new AppError('unsupported_media_type', M.msg('csv.media_type'));
  const lines = body.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(lines[0] ?? '').map((h) => h.toLowerCase());
  if (!header.includes('date')) throw invalid('body', M.msg('csv.no_header'));
  const long = header.includes('metric') && header.includes('value');
  if (!long) {
    const unknown = header.filter((h) => h !== 'date' && !(BODY_METRICS as readonly string[]).includes(h));
    if (unknown.length)
      throw invalid(
        'body',
        M.msg('csv.unknown_column', { column: unknown[0]!, columns: BODY_METRICS.join(', ') }),
      );
  }
  const col = (name: string) => header.indexOf(name);
  const out: CsvEntry[] = [];
  const seen = new Set<string>();

  const add = (
    line: number,
    where: string,
    date: string,
    metric: BodyMetric,
    v: number,
    dia: number | null,
  ) => {
    if (!Number.isFinite(v)) throw invalid(`line ${line}.${where}`, M.msg('csv.not_a_number'));
    let c: Checked;
    try {
      c = check(metric, v, dia, date);
    } catch (e) {
      // Name the line and column: the service's message names only the field.
      if (e instanceof AppError && e.code === 'validation')
        throw invalid(`line ${line}.${where}`, e.extra.errors?.[0]?.message ?? e.text);
      throw e;
    }
    const key = `${metric} ${date}`;
    if (seen.has(key)) throw invalid(`line ${line}.${where}`, M.msg('csv.repeated', { metric, date }));
    seen.add(key);
    out.push({ date, metric, ...c });
    if (out.length > MAX_CSV_VALUES) throw invalid('body', M.msg('csv.too_many', { max: MAX_CSV_VALUES }));
  };

  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    if (!lines[i]!.trim()) continue;
    const f = fields(lines[i]!);
    const date = f[col('date')] ?? '';
    if (!IsoDate.safeParse(date).success) throw invalid(`line ${line}.date`, M.msg('csv.bad_date'));
    if (long) {
      const m = BodyMetric.safeParse(f[col('metric')]);
      if (!m.success)
        throw invalid(`line ${line}.metric`, M.msg('csv.bad_metric', { metrics: BODY_METRICS.join(', ') }));
      const d = col('diastolic') >= 0 && f[col('diastolic')] ? num(f[col('diastolic')]!) : null;
      add(line, 'value', date, m.data, num(f[col('value')] ?? ''), d);
    } else {
      header.forEach((h, j) => {
        if (h === 'date' || !f[j]) return;
        const metric = h as BodyMetric;
        if (metric === 'blood_pressure') {
          const bp = /^(\d+)\s*\/\s*(\d+)$/.exec(f[j]);
          if (!bp) throw invalid(`line ${line}.blood_pressure`, M.msg('csv.bad_blood_pressure'));
          add(line, h, date, metric, Number(bp[1]), Number(bp[2]));
        } else add(line, h, date, metric, num(f[j]), null);
      });
    }
  }
  return out;
}
