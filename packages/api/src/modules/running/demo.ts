import { readFileSync } from 'node:fs';
import { AppError } from '../../platform/errors.js';
import { addDays, dayNumber, todayOf } from '../../platform/dates.js';
import type { RunningService } from './service.js';

/** Deterministic pseudo-random numbers, so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Kind = 'rest' | 'easy' | 'intervals' | 'tempo' | 'long' | 'strength';
/** Monday … Sunday */
const WEEK: Kind[] = ['rest', 'intervals', 'easy', 'tempo', 'strength', 'easy', 'long'];
const SHAPE: Record<Exclude<Kind, 'rest'>, { share: number; pace: number; hr: number; rpe: number }> = {
  easy: { share: 0.18, pace: 330, hr: 140, rpe: 3 },
  intervals: { share: 0.17, pace: 290, hr: 162, rpe: 8 },
  tempo: { share: 0.2, pace: 280, hr: 165, rpe: 7 },
  long: { share: 0.27, pace: 340, hr: 148, rpe: 6 },
  strength: { share: 0, pace: 0, hr: 110, rpe: 5 },
};

/**
 * The demo athlete: a profile, 16 weeks of periodised running (3 build weeks + 1 easier week, volume 34 → 50 km),
 * a daily morning HRV reading that dips after hard days and drifts down in the last days, a few wellness
 * check-ins, and the three sample files imported through the real import path.
 */
export async function seedRunnerDemo(running: RunningService, userId: number, now: number) {
  const today = todayOf(now);
  const r = rng(42);
  await running.putProfile(userId, {
    birth_date: '1991-04-12',
    sex: 'female',
    weight_kg: 58,
    height_cm: 166,
    max_hr: 188,
    resting_hr: 48,
    threshold_pace_s_per_km: 270,
    weekly_volume_km: 45,
    goal_race: { distance_km: 21.0975, date: addDays(today, 42), target_time_s: 5880 },
    experience_level: 'advanced',
  });

  const start = addDays(today, -7 * 16 + 1);
  const workouts: Parameters<RunningService['seedBulk']>[1] = [];
  const hrv: Parameters<RunningService['seedBulk']>[2] = [];
  let fatigue = 0; // a crude carry-over of hard days into the next morning's HRV
  for (let day = start; day < today; day = addDays(day, 1)) {
    const n = dayNumber(day) - dayNumber(start);
    const week = Math.floor(n / 7);
    const weekday = (((dayNumber(day) + 3) % 7) + 7) % 7;
    const volume = (34 + week) * (week % 4 === 3 ? 0.7 : 1);
    const kind = WEEK[weekday]!;
    const lnBase =
      Math.log(62) - 0.25 * fatigue + (r() - 0.5) * 0.16 - (dayNumber(today) - dayNumber(day) < 4 ? 0.12 : 0);
    hrv.push({
      date: day,
      rmssdMs: Math.round(Math.exp(lnBase) * 10) / 10,
      restingHr: Math.round(48 + 3 * fatigue + (r() - 0.5) * 3),
      sleepHours: Math.round((7.3 + (r() - 0.5) * 1.6) * 10) / 10,
      sleepQuality: 2 + Math.floor(r() * 3),
      fatigue: Math.min(7, 2 + Math.round(fatigue * 3 + r())),
      stress: 2 + Math.floor(r() * 3),
      soreness: Math.min(7, 2 + Math.round(fatigue * 2 + r())),
    });
    fatigue *= 0.5;
    if (kind === 'rest') continue;
    const s = SHAPE[kind];
    const startedAt = new Date(`${day}T06:${String(30 + Math.floor(r() * 25)).padStart(2, '0')}:00Z`);
    if (kind === 'strength') {
      workouts.push({
        startedAt,
        sport: 'strength',
        distanceKm: null,
        durationS: 2700,
        movingTimeS: null,
        elevationGainM: null,
        avgHr: s.hr,
        maxHr: 150,
        rpe: s.rpe,
        notes: 'Gym: core and legs',
        source: 'manual',
      });
      continue;
    }
    const km = Math.round(volume * s.share * (0.92 + r() * 0.16) * 100) / 100;
    const pace = s.pace * (0.97 + r() * 0.06);
    const dur = Math.round(km * pace);
    workouts.push({
      startedAt,
      sport: kind === 'long' && week % 4 === 1 ? 'trail_run' : 'run',
      distanceKm: km,
      durationS: dur,
      movingTimeS: Math.round(dur * 0.98),
      elevationGainM: Math.round(20 + r() * (kind === 'long' ? 180 : 60)),
      avgHr: Math.round(s.hr + (r() - 0.5) * 6),
      maxHr: Math.round(s.hr + 12 + r() * 8),
      // Most sessions have an RPE; some rely on heart rate alone.
      rpe: r() < 0.85 ? Math.min(10, Math.max(1, s.rpe + Math.round((r() - 0.5) * 2))) : null,
      notes: null,
      source: 'manual',
    });
    fatigue += s.rpe >= 7 ? 0.8 : s.rpe >= 6 ? 0.5 : 0.15;
  }
  await running.seedBulk(userId, workouts, hrv);

  const dir = new URL('../../../samples/', import.meta.url);
  for (const f of ['retiro-loop.gpx', 'retiro-loop.tcx', 'retiro-loop.fit']) {
    try {
      await running.importFile(userId, { data: readFileSync(new URL(f, dir)), filename: f }, { rpe: 4 });
    } catch (err) {
      // Already imported (a second seed), or the samples are missing from a trimmed install: nothing to add.
      if (!(err instanceof AppError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  await running.putHrv(userId, {
    date: today,
    rmssd_ms: 52,
    resting_hr: 51,
    sleep_hours: 6.4,
    sleep_quality: 4,
    fatigue: 4,
    stress: 3,
    soreness: 3,
  });
  for (let k = 6; k >= 0; k -= 3)
    await running.checkIn(userId, {
      date: addDays(today, -k),
      sleep: 3,
      stress: 3,
      fatigue: k === 0 ? 5 : 3,
      soreness: k === 0 ? 4 : 3,
    });
  return { workouts: workouts.length + 3, hrvReadings: hrv.length + 1 };
}
