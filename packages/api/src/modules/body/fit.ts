import { invalid, type ErrorText } from '../../platform/errors.js';
import type { CsvEntry } from './csv.js';
import { bodyMessages as M } from './messages.js';

/** FIT media types accepted by the import (the FIT SDK's own, and what browsers send for an unknown file). */
export const FIT_MEDIA_TYPES = ['application/vnd.ant.fit', 'application/octet-stream'] as const;
/** A scale's FIT file is ~30 bytes a weighing: 256 KiB is years of them, decoded on the event loop in ms. */
export const MAX_FIT_BYTES = 256 * 1024;

interface WeightScaleMesg {
  timestamp?: Date;
  weight?: number;
  percentFat?: number;
}

/**
 * Weighings of a FIT weight-scale file (`weight_scale` messages: kg and body-fat %, scale 100 in the profile),
 * read with Garmin's SDK (@garmin/fitsdk, CRC checked; the licence note is in ARCHITECTURE.md, running module).
 * A scale records several weighings a day: the last of each UTC day is kept. The profile's "invalid" and
 * "calculating" markers (0xFFFF, 0xFFFE → 655.35 / 655.34) are skipped, not refused; everything else goes
 * through the same checks as a POST.
 */
export async function parseWeightScaleFit(
  buf: Buffer,
  check: (e: CsvEntry) => CsvEntry,
): Promise<CsvEntry[]> {
  const { Decoder, Stream } = await import('@garmin/fitsdk');
  const decoder = new Decoder(Stream.fromBuffer(buf));
  if (!decoder.checkIntegrity()) throw invalid('body', M.msg('fit.not_fit'));
  const { messages, errors } = decoder.read({ convertDateTimesToDates: true });
  if (errors.length)
    throw invalid('body', M.msg('fit.undecodable', { error: String(errors[0]).slice(0, 200) }));
  const weighings = ((messages as Record<string, unknown[]>).weightScaleMesgs ?? []) as WeightScaleMesg[];
  if (!weighings.length) throw invalid('body', M.msg('fit.no_weighings'));
  const last = new Map<string, CsvEntry>();
  const ok = (v: number | undefined): v is number => v != null && Number.isFinite(v) && v < 655.34;
  for (const [i, w] of [...weighings]
    .sort((a, b) => (a.timestamp?.getTime() ?? 0) - (b.timestamp?.getTime() ?? 0))
    .entries()) {
    if (!w.timestamp) continue;
    const date = w.timestamp.toISOString().slice(0, 10);
    const at = (field: string, e: CsvEntry) => {
      try {
        return check(e);
      } catch (err) {
        throw invalid(
          `reading ${i + 1}.${field}`,
          (err as { extra?: { errors?: { message: ErrorText }[] } }).extra?.errors?.[0]?.message ??
            String(err),
        );
      }
    };
    if (ok(w.weight))
      last.set(`weight ${date}`, at('weight', { date, metric: 'weight', value: w.weight, diastolic: null }));
    if (ok(w.percentFat))
      last.set(
        `body_fat ${date}`,
        at('percent_fat', { date, metric: 'body_fat', value: w.percentFat, diastolic: null }),
      );
  }
  return [...last.values()];
}
