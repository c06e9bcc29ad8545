import type {
  BodyEnergy,
  BodyEnergyQuery,
  BodyEntry,
  BodyEntryBody,
  BodyEntryPatchBody,
  BodyEntryQuery,
  BodyMetric,
  BodyPhoto,
  BodyPhotoListQuery,
  BodySettings,
  BodyShare,
  BodyShareBody,
  BodyTrend,
  BodyTrendQuery,
  UnitSystem,
} from '@pulso/contracts/body';
import type { Audit } from '../../platform/audit/repo.js';
import { addDays, ageOn, dayNumber, todayOf } from '../../platform/dates.js';
import type { Db, Executor } from '../../platform/db/index.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import type { RunningReadModel } from '../running/read-model.js';
import { ACTIVITY_FACTOR, katchMcArdle, mifflinStJeor, workoutEnergy } from './domain/energy.js';
import { checkValues, fromMetric, round, unitOf, type Problem } from './domain/metrics.js';
import { bmi, bmiCategory, smoothed, TREND_METHOD, weeklyChange } from './domain/trend.js';
import { bodyMessages as M } from './messages.js';
import { refuse } from './reasons.js';
import { cleanPhoto } from './photo.js';
import type { BodyRepo, PhotoMeta } from './repo.js';
import type { BodyEntryRow } from './tables.js';

export interface BodyDeps {
  db: Db;
  repo: BodyRepo;
  audit: Audit;
  clock: () => number;
  /** The athlete profile (height, sex, birth date) and the day's workouts, from the running module. */
  running: RunningReadModel;
  /** Keeps the athlete profile's weight on the latest weight entry (running/service.ts `setWeight`). */
  profileWeight: {
    set(userId: number, weightKg: number, tx: Executor): Promise<void>;
    /** After the commit: the running module's cached snapshots hold the profile. */
    invalidate(userId: number): Promise<void>;
  };
}

/** How far back a body-fat measurement still describes the person for Katch–McArdle. */
export const BODY_FAT_MAX_AGE_DAYS = 30;
/** Longest trend window: ten years of daily entries is ~3,650 decryptions, tens of milliseconds. */
export const TREND_MAX_DAYS = 3660;
export const TREND_DEFAULT_DAYS = 90;

export type EntrySource = BodyEntry['source'];

const shareDto = (r: {
  gymId: number;
  createdAt: Date;
  photos: boolean;
  photoViewers: number[] | null;
}): BodyShare => ({
  gym_id: r.gymId,
  since: r.createdAt.toISOString(),
  photos: r.photos,
  photo_viewers: r.photos ? r.photoViewers : null,
});

/** Photos shared with the gym, and with this staff member when the person named who may see them. */
const mayViewPhotos = (s: { photos: boolean; photoViewers: number[] | null } | undefined, staffId: number) =>
  !!s?.photos && (s.photoViewers === null || s.photoViewers.includes(staffId));

const photoDto = (p: PhotoMeta): BodyPhoto => ({
  id: p.id,
  date: p.date,
  content_type: 'image/jpeg',
  width: p.width,
  height: p.height,
  bytes: p.bytes,
  created_at: p.createdAt.toISOString(),
});

/** Body metrics: entries (one per day and metric), unit preference, trends and energy needs. */
export function createBodyService(d: BodyDeps) {
  const today = () => todayOf(d.clock());

  async function unitsOf(userId: number, override?: UnitSystem, tx: Executor = d.db): Promise<UnitSystem> {
    if (override) return override;
    const s = await d.repo.settings(userId, tx);
    return (s?.units as UnitSystem | undefined) ?? 'metric';
  }

  const dto = (r: BodyEntryRow, u: UnitSystem): BodyEntry => {
    const m = r.metric as BodyMetric;
    return {
      id: r.id,
      date: r.date,
      metric: m,
      value: fromMetric(m, u, r.value),
      diastolic: r.diastolic ?? null,
      unit: unitOf(m, u),
      source: r.source as EntrySource,
      updated_at: r.updatedAt.toISOString(),
    };
  };

  function checkDate(date: string, field = 'date') {
    if (date > today()) throw invalid(field, M.msg('date_in_future', { today: today() }));
  }

  function problemText(c: Problem) {
    if (c.field === 'value') return M.msg('value.out_of_range', c);
    return c.why === 'out_of_range' ? M.msg('diastolic.out_of_range', c) : M.msg(`diastolic.${c.why}`);
  }

  function checked(metric: BodyMetric, u: UnitSystem, value: number, diastolic?: number | null) {
    const c = checkValues(metric, u, value, diastolic);
    if ('field' in c) throw invalid(c.field, problemText(c));
    return c;
  }

  /** Writes the day's entry of a metric (insert or replace), auditing a replacement. Shared by POST and CSV. */
  async function write(
    userId: number,
    e: { date: string; metric: BodyMetric; value: number; diastolic: number | null },
    source: EntrySource,
    tx: Executor,
  ) {
    const r = await d.repo.upsert({ userId, ...e, source }, tx);
    // The audit row names what was replaced, never the values: audit_logs are not encrypted.
    if (!r.created)
      await d.audit(
        {
          userId,
          action: 'body.entry_replaced',
          targetType: 'body_entry',
          targetId: r.row.id,
          metadata: { metric: e.metric, date: e.date, source },
        },
        tx,
      );
    return r;
  }

  /** The profile's weight is the latest weight entry's (issue 20); called in the transaction of every weight write. */
  async function syncProfileWeight(userId: number, tx: Executor) {
    const latest = await d.repo.latest(userId, 'weight', today(), undefined, tx);
    if (latest) await d.profileWeight.set(userId, latest.value, tx);
  }

  /** Runs a write; when it touched a weight, the profile follows inside it and its cache goes after the commit. */
  async function writing<T>(userId: number, fn: (tx: Executor) => Promise<{ out: T; weight: boolean }>) {
    const { out, weight } = await d.db.transaction(async (tx) => {
      const r = await fn(tx);
      if (r.weight) await syncProfileWeight(userId, tx);
      return r;
    });
    if (weight) await d.profileWeight.invalidate(userId);
    return out;
  }

  const api = {
    /**
     * The running module's profile PUT calls this in its transaction: a weight that differs from the latest
     * entry is recorded as today's entry (source `athlete_profile`), and the profile keeps the latest entry's
     * weight even when the PUT left it out.
     */
    async profileWeightWritten(userId: number, weightKg: number | null, tx: Executor) {
      if (weightKg != null) {
        const latest = await d.repo.latest(userId, 'weight', today(), undefined, tx);
        if (!latest || Math.abs(latest.value - weightKg) >= 0.005)
          await write(
            userId,
            { date: today(), metric: 'weight', value: weightKg, diastolic: null },
            'athlete_profile',
            tx,
          );
      }
      await syncProfileWeight(userId, tx);
    },

    async settings(userId: number): Promise<BodySettings> {
      return { units: await unitsOf(userId) };
    },
    async putSettings(userId: number, units: UnitSystem): Promise<BodySettings> {
      const s = await d.repo.putSettings(userId, units);
      return { units: s.units as UnitSystem };
    },

    async create(userId: number, b: BodyEntryBody): Promise<{ entry: BodyEntry; created: boolean }> {
      checkDate(b.date);
      return writing(userId, async (tx) => {
        const u = await unitsOf(userId, b.units, tx);
        const c = checked(b.metric, u, b.value, b.diastolic);
        const r = await write(userId, { date: b.date, metric: b.metric, ...c }, 'manual', tx);
        return { out: { entry: dto(r.row, u), created: r.created }, weight: b.metric === 'weight' };
      });
    },

    async list(userId: number, q: BodyEntryQuery) {
      if (q.from && q.to && q.from > q.to) throw invalid('query.from', M.msg('from_after_to'));
      const u = await unitsOf(userId, q.units);
      const { rows, total } = await d.repo.list(userId, q, q);
      return { rows: rows.map((r) => dto(r, u)), total };
    },

    async get(userId: number, id: number, units?: UnitSystem): Promise<BodyEntry> {
      const r = await d.repo.get(userId, id);
      if (!r) throw notFound(M.msg('entry_not_found'));
      return dto(r, await unitsOf(userId, units));
    },

    async patch(userId: number, id: number, b: BodyEntryPatchBody): Promise<BodyEntry> {
      if (b.date) checkDate(b.date);
      return writing(userId, async (tx) => {
        const cur = await d.repo.getForUpdate(userId, id, tx);
        if (!cur) throw notFound(M.msg('entry_not_found'));
        const u = await unitsOf(userId, b.units, tx);
        const metric = cur.metric as BodyMetric;
        // Unchanged values are re-checked in stored units, so a PATCH of the date alone never fails on a
        // rounding of the other unit system.
        const c =
          b.value === undefined && b.diastolic === undefined
            ? { value: cur.value, diastolic: cur.diastolic ?? null }
            : checked(
                metric,
                b.value === undefined ? 'metric' : u,
                b.value ?? cur.value,
                b.diastolic === undefined ? cur.diastolic : b.diastolic,
              );
        const date = b.date ?? cur.date;
        const r = await d.repo.update(userId, id, { date, ...c }, tx);
        if (!r) throw refuse('body_entry_exists', { metric, date });
        await d.audit(
          {
            userId,
            action: 'body.entry_changed',
            targetType: 'body_entry',
            targetId: id,
            metadata: { metric, date, ...(date !== cur.date ? { from_date: cur.date } : {}) },
          },
          tx,
        );
        return { out: dto(r, u), weight: metric === 'weight' };
      });
    },

    async remove(userId: number, id: number): Promise<void> {
      await writing(userId, async (tx) => {
        const r = await d.repo.remove(userId, id, tx);
        if (!r) throw notFound(M.msg('entry_not_found'));
        return { out: undefined, weight: r.metric === 'weight' };
      });
    },

    async trend(userId: number, q: BodyTrendQuery): Promise<BodyTrend> {
      const to = q.to ?? today();
      const from = q.from ?? addDays(to, -TREND_DEFAULT_DAYS);
      if (from > to) throw invalid('query.from', M.msg('from_after_to'));
      if (dayNumber(to) - dayNumber(from) > TREND_MAX_DAYS)
        throw invalid('query.from', M.msg('range_too_long', { max: TREND_MAX_DAYS }));
      const u = await unitsOf(userId, q.units);
      const m = q.metric;
      // The trend starts at the first reading of the window (Walker starts it at the first weigh-in).
      const rows = await d.repo.series(userId, m, from, to);
      const trend = smoothed(rows.map((r) => ({ date: r.date, value: r.value })));
      const slope = weeklyChange(
        rows.map((r) => r.date),
        trend,
      );
      let bmiOut: BodyTrend['bmi'] = null;
      if (m === 'weight') {
        const p = await d.running.profile(userId);
        if (p?.heightCm) {
          const h = p.heightCm;
          const last = rows.at(-1);
          const adult = p.birthDate && last ? ageOn(p.birthDate, last.date) >= 18 : false;
          bmiOut = {
            height_cm: h,
            source: 'athlete profile height; BMI = kg/m² (WHO TRS 894, 2000)',
            points: rows.map((r, i) => ({
              date: r.date,
              bmi: round(bmi(r.value, h), 1),
              trend_bmi: round(bmi(trend[i]!, h), 1),
            })),
            latest_category: adult ? bmiCategory(bmi(trend.at(-1)!, h)) : null,
          };
        }
      }
      return {
        metric: m,
        unit: unitOf(m, u),
        from,
        to,
        method: TREND_METHOD,
        points: rows.map((r, i) => ({
          date: r.date,
          value: fromMetric(m, u, r.value),
          diastolic: r.diastolic ?? null,
          trend: fromMetric(m, u, trend[i]!),
        })),
        weekly_change: slope === null ? null : fromMetric(m, u, slope),
        bmi: bmiOut,
      };
    },

    async energy(userId: number, q: BodyEnergyQuery, lang: Lang): Promise<BodyEnergy> {
      const date = q.date ?? today();
      if (date > today()) throw invalid('query.date', M.msg('date_in_future', { today: today() }));
      const [p, w, bf] = await Promise.all([
        d.running.profile(userId),
        d.repo.latest(userId, 'weight', date),
        d.repo.latest(userId, 'body_fat', date, addDays(date, -BODY_FAT_MAX_AGE_DAYS)),
      ]);
      const notes: string[] = [];
      const weightKg = w?.value ?? p?.weightKg ?? null;
      const missing: string[] = [];
      if (weightKg == null) missing.push('weight');
      if (!p?.heightCm) missing.push('height_cm');
      if (!p?.birthDate) missing.push('birth_date');
      if (!p?.sex) missing.push('sex');
      if (missing.length) throw refuse('body_energy_inputs', { missing });
      if (!w) notes.push(M.t(lang, 'energy.weight_from_profile', { date }));
      const height = p!.heightCm!;
      const sex = p!.sex!;
      const age = ageOn(p!.birthDate!, date);
      const msj = mifflinStJeor(weightKg!, height, age, sex);
      const km = bf ? katchMcArdle(weightKg!, bf.value) : null;
      if (bf) notes.push(M.t(lang, 'energy.katch_mcardle', { date: bf.date }));
      const resting = km ?? msj;
      const factor = ACTIVITY_FACTOR[q.activity];
      const daily = resting * factor;

      const workouts = await d.running.workoutsBetween(userId, date, addDays(date, 1));
      const person = { weightKg: weightKg!, age, sex, restingKcalPerDay: resting };
      const ws = [...workouts]
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((x) => {
          const e = workoutEnergy(x, person);
          return {
            id: x.id,
            sport: x.sport,
            started_at: x.startedAt.toISOString(),
            duration_s: x.durationS,
            kcal: Math.round(e.kcal),
            method: e.method,
          };
        });
      const workoutsKcal = ws.reduce((s, x) => s + x.kcal, 0);
      notes.push(M.t(lang, 'energy.factor'), M.t(lang, 'energy.no_nutrition'));
      return {
        date,
        inputs: {
          weight_kg: round(weightKg!, 2),
          weight_date: w?.date ?? null,
          height_cm: height,
          age,
          sex,
          body_fat_pct: bf ? round(bf.value, 1) : null,
          body_fat_date: bf?.date ?? null,
        },
        resting: {
          mifflin_st_jeor_kcal: Math.round(msj),
          katch_mcardle_kcal: km === null ? null : Math.round(km),
          used: km === null ? 'mifflin_st_jeor' : 'katch_mcardle',
          kcal: Math.round(resting),
        },
        activity: { level: q.activity, factor, kcal: Math.round(daily) },
        workouts: ws,
        workouts_kcal: workoutsKcal,
        budget_kcal: Math.round(daily) + workoutsKcal,
        notes,
      };
    },

    /** Writes many entries (CSV import) in one transaction; each row already checked and in metric units. */
    async writeMany(
      userId: number,
      rows: { date: string; metric: BodyMetric; value: number; diastolic: number | null }[],
      source: EntrySource,
    ) {
      return writing(userId, async (tx) => {
        let created = 0;
        let replaced = 0;
        for (const r of rows) {
          const w = await write(userId, r, source, tx);
          if (w.created) created++;
          else replaced++;
        }
        return { out: { created, replaced }, weight: rows.some((r) => r.metric === 'weight') };
      });
    },

    checkEntry(metric: BodyMetric, u: UnitSystem, value: number, diastolic: number | null, date: string) {
      checkDate(date);
      return checked(metric, u, value, diastolic);
    },
    unitsOf,

    // ----- consent for a gym's staff -----
    async shares(userId: number): Promise<BodyShare[]> {
      return (await d.repo.shares(userId)).map(shareDto);
    },
    /** Not a member of the gym: 404, as for a gym that does not exist. */
    async share(userId: number, gymId: number, body: BodyShareBody | null | undefined): Promise<BodyShare> {
      const photos = body?.photos ?? false;
      const viewers = body?.photo_viewers ? [...new Set(body.photo_viewers)].sort((a, b) => a - b) : null;
      if (viewers && !photos) throw invalid('body.photo_viewers', M.msg('viewers_without_photos'));
      return d.db.transaction(async (tx) => {
        if (viewers) {
          const staff = await d.repo.staffAmong(gymId, viewers, tx);
          const i = body!.photo_viewers!.findIndex((id) => !staff.has(id));
          if (i >= 0) throw invalid(`body.photo_viewers.${i}`, M.msg('viewer_not_staff'));
        }
        const s = await d.repo.share(userId, gymId, photos, viewers, tx);
        if (!s) throw notFound(M.msg('gym_not_found'));
        if (s.created)
          await d.audit(
            {
              gymId,
              userId,
              action: 'body.shared',
              targetType: 'user',
              targetId: userId,
              metadata: { photos, viewers: viewers?.length ?? null },
            },
            tx,
          );
        return shareDto(s.row);
      });
    },
    async unshare(userId: number, gymId: number): Promise<void> {
      await d.db.transaction(async (tx) => {
        if (!(await d.repo.unshare(userId, gymId, tx))) throw notFound(M.msg('share_not_found'));
        await d.audit({ gymId, userId, action: 'body.unshared', targetType: 'user', targetId: userId }, tx);
      });
    },
    /** Dropped in the gym's transaction when the person leaves or is removed. */
    async memberRemoved(gymId: number, userId: number, tx: Executor) {
      await d.repo.unshare(userId, gymId, tx);
    },
    /**
     * A member's trend as the staff of a gym see it: only with the member's consent for that gym, else 404 (the
     * same answer as for someone who is not a member, so staff cannot tell who keeps body data). Each look is in
     * the gym's audit log.
     */
    async staffTrend(
      actor: { gymId: number; userId: number },
      memberId: number,
      q: BodyTrendQuery,
    ): Promise<BodyTrend> {
      if (!(await d.repo.sharedWith(memberId, actor.gymId))) throw notFound(M.msg('member_data_not_found'));
      await d.audit({
        gymId: actor.gymId,
        userId: actor.userId,
        action: 'body.trend_viewed',
        targetType: 'user',
        targetId: memberId,
        metadata: { metric: q.metric },
      });
      return api.trend(memberId, { ...q, units: q.units ?? 'metric' });
    },

    /**
     * For other modules (the nutrition screening, when it exists): the latest weight on or before `on`, in kg,
     * with its date, or null. Callers should say that the value came from here.
     */
    async latestWeight(userId: number, on = today()): Promise<{ kg: number; date: string } | null> {
      const w = await d.repo.latest(userId, 'weight', on);
      return w ? { kg: w.value, date: w.date } : null;
    },

    // ----- progress photos -----
    async addPhoto(userId: number, date: string | undefined, upload: Buffer): Promise<BodyPhoto> {
      const day = date ?? today();
      checkDate(day, 'query.date');
      const clean = await cleanPhoto(upload);
      return photoDto(await d.repo.addPhoto({ userId, date: day, ...clean }));
    },
    async photos(userId: number, q: BodyPhotoListQuery) {
      if (q.from && q.to && q.from > q.to) throw invalid('query.from', M.msg('from_after_to'));
      const { rows, total } = await d.repo.photos(userId, q, q);
      return { rows: rows.map(photoDto), total };
    },
    async photo(userId: number, id: number): Promise<BodyPhoto> {
      const p = await d.repo.photo(userId, id);
      if (!p) throw notFound(M.msg('photo_not_found'));
      return photoDto(p);
    },
    async photoImage(userId: number, id: number): Promise<Buffer> {
      const img = await d.repo.photoImage(userId, id);
      if (!img) throw notFound(M.msg('photo_not_found'));
      return img;
    },
    async removePhoto(userId: number, id: number): Promise<void> {
      if (!(await d.repo.removePhoto(userId, id))) throw notFound(M.msg('photo_not_found'));
    },
    /**
     * Staff of a gym see a member's photos only when the member shared photos with that gym; otherwise the same
     * 404 as for a photo that does not exist. Every look at an image is in the gym's audit log.
     */
    async staffPhotos(actor: { gymId: number; userId: number }, memberId: number, q: BodyPhotoListQuery) {
      if (!mayViewPhotos(await d.repo.sharedWith(memberId, actor.gymId), actor.userId))
        throw notFound(M.msg('member_photos_not_found'));
      return api.photos(memberId, q);
    },
    async staffPhotoImage(actor: { gymId: number; userId: number }, memberId: number, id: number) {
      if (!mayViewPhotos(await d.repo.sharedWith(memberId, actor.gymId), actor.userId))
        throw notFound(M.msg('photo_not_found'));
      const img = await api.photoImage(memberId, id);
      await d.audit({
        gymId: actor.gymId,
        userId: actor.userId,
        action: 'body.photo_viewed',
        targetType: 'body_photo',
        targetId: id,
        metadata: { member: memberId },
      });
      return img;
    },

    userData(): UserDataContributor {
      return {
        name: 'body',
        async export(userId, tx) {
          const [s, rows, shares, photos] = await Promise.all([
            d.repo.settings(userId, tx),
            d.repo.all(userId, tx),
            d.repo.shares(userId, tx),
            d.repo.allPhotos(userId, tx),
          ]);
          return {
            settings: { units: s?.units ?? 'metric' },
            shared_with_gyms: shares.map(shareDto),
            photos: photos.map((p) => ({ ...photoDto(p), jpeg_base64: p.image })),
            entries: rows.map((r) => dto(r, 'metric')),
          };
        },
        // Entries and settings cascade with the user row; nothing lives outside the database.
      };
    },
  };
  return api;
}

export type BodyService = ReturnType<typeof createBodyService>;
