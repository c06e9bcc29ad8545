import type {
  ConditionsImpact,
  ConditionsImpactQuery,
  RaceConditions,
  RacePredictBody,
  RacePrediction,
  ScenarioComparison,
  ScenarioComparisonBody,
  ScenarioList,
  TerrainGuide,
} from '@pulso/contracts';
import { DAY_MS, todayOf } from '../../platform/dates.js';
import { invalid } from '../../platform/errors.js';
import { refuse } from './reasons.js';
import { memoOn } from '../../platform/memo.js';
import type { Lang } from '../../platform/i18n.js';
import type { RunningReadModel, WorkoutSummary } from '../running/read-model.js';
import {
  airTempForWbgt,
  heatMultiplier,
  OPTIMAL_WBGT_C,
  hillMultiplier,
  maxGainFor,
  minettiCost,
  SURFACE_PERCENT,
  TERRAINS,
  TYPICAL_GAIN_M_PER_KM,
  wbgtFrom,
  windMultiplier,
  altitudeMultiplier,
  type Terrain,
} from './domain/conditions.js';
import { RIEGEL_EXPONENT, timeForVdot, vdotOf } from './domain/equivalence.js';
import {
  conditionFactors,
  evenSplits,
  formatDuration,
  formatPace,
  predict,
  type Conditions,
} from './domain/predict.js';
import { raceMessages as M } from './messages.js';

/** Well-known races of each terrain: proper names, the same in every language. */
const TERRAIN_EXAMPLES: Record<Terrain, string[]> = {
  flat_road: ['Valencia Marathon', 'Berlin Marathon'],
  rolling_hills: ['San Sebastián Half Marathon', 'Boston Marathon'],
  mountain: ['Zegama-Aizkorri', 'Transvulcania'],
  technical_trail: ['UTMB', 'Hardrock 100'],
};

export interface RaceDeps {
  running: Pick<RunningReadModel, 'workoutsBetween'>;
  clock: () => number;
}

type Reference = RacePrediction['reference'];

const RUNNING_SPORTS = new Set(['run', 'trail_run']);
/** Workouts shorter than this say little about race fitness (GPS noise, strides). */
const MIN_REFERENCE_M = 3000;
const LOOKBACK_DAYS = 90;
const ASSUMED_VDOT = 45;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r1 = (x: number) => Math.round(x * 10) / 10;
/** Most recent predictions kept per best effort (distinct distance, conditions and language). */
const PREDICTIONS_PER_REFERENCE = 32;

const toConditions = (c: RaceConditions | undefined): Conditions => ({
  // `temperature` is the seed's name for it (checkConditions refuses the two when they disagree).
  temperatureC: c?.temperature_c ?? c?.temperature,
  humidityPct: c?.humidity_pct,
  windKmh: c?.wind_kmh,
  windDirection: c?.wind_direction,
  terrain: c?.terrain,
  elevationGainM: c?.elevation_gain_m,
  altitudeM: c?.altitude_m,
});

/** A scenario's conditions as read: the seed's `temperature` under its Pulso name. */
function echo(c: RaceConditions | undefined): Omit<RaceConditions, 'temperature'> {
  if (!c) return {};
  const { temperature, ...rest } = c;
  return temperature === undefined || rest.temperature_c !== undefined
    ? rest
    : { ...rest, temperature_c: temperature };
}

export function createRaceService({ running, clock }: RaceDeps) {
  const bestByRows = new WeakMap<readonly WorkoutSummary[], Reference | null>();
  /**
   * Predictions from a best effort, keyed by the rest of the question. The reference object is the memoised
   * best effort of the athlete's current workouts snapshot (`bestByRows`): after any write of the athlete the
   * read model hands out a new array, so a new reference and an empty memo — a stale prediction cannot outlive
   * the write. Weak: a reference dropped with its snapshot takes its predictions with it.
   */
  const predictionOf = memoOn<Reference, RacePrediction>(PREDICTIONS_PER_REFERENCE);

  /** The look-up window as dates, so it is the same all day and the read model's memo hits. */
  let window = { dayNo: NaN, from: '', to: '' };
  function lookbackWindow() {
    const now = clock();
    const dayNo = Math.floor(now / DAY_MS);
    if (dayNo !== window.dayNo)
      window = { dayNo, from: todayOf(now - LOOKBACK_DAYS * DAY_MS), to: todayOf(now + DAY_MS) };
    return window;
  }

  /**
   * The best recent effort: the running workout of the last 90 days with the highest VDOT. Training runs are
   * rarely all-out, so this tends to under-predict; a given race result is better.
   */
  async function bestRecent(userId: number): Promise<Reference | null> {
    const { from, to } = lookbackWindow();
    const rows = await running.workoutsBetween(userId, from, to);
    // The read model hands back the same frozen array for the same window until the athlete's next write
    // (read-model.ts), so the scan below runs once per snapshot.
    if (bestByRows.has(rows)) return bestByRows.get(rows)!;
    const best = bestOf(rows);
    bestByRows.set(rows, best);
    return best;
  }

  function bestOf(rows: readonly WorkoutSummary[]): Reference | null {
    let best: { ref: Reference; vdot: number } | null = null;
    for (const w of rows) {
      if (!RUNNING_SPORTS.has(w.sport) || !w.distanceKm || w.distanceKm * 1000 < MIN_REFERENCE_M) continue;
      const t = w.movingTimeS ?? w.durationS;
      if (!t) continue;
      const v = vdotOf(w.distanceKm * 1000, t);
      if (v > 90 || v < 15) continue;
      if (!best || v > best.vdot)
        best = {
          vdot: v,
          ref: {
            distance_km: r2(w.distanceKm),
            time_s: t,
            source: 'workout',
            workout_id: w.id,
            date: w.startedAt.toISOString().slice(0, 10),
          },
        };
    }
    return best?.ref ?? null;
  }

  async function referenceFor(userId: number, given: RacePredictBody['reference'], field: string) {
    if (given) {
      const v = vdotOf(given.distance_km * 1000, given.time_s);
      if (!(v >= 15 && v <= 90)) throw invalid(`${field}.time_s`, M.msg('implausible'));
      return {
        distance_km: given.distance_km,
        time_s: given.time_s,
        source: 'given' as const,
        workout_id: null,
        date: null,
      };
    }
    const best = await bestRecent(userId);
    if (!best)
      throw refuse('reference_needed', {}, [
        { field, message: 'required: no recent running workout to use instead' },
      ]);
    return best;
  }

  function checkConditions(distanceKm: number, c: RaceConditions | undefined, field: string) {
    if (c?.temperature !== undefined && c.temperature_c !== undefined && c.temperature !== c.temperature_c)
      throw invalid(`${field}.temperature`, M.msg('temperature_twice'));
    const max = maxGainFor(distanceKm * 1000);
    if (c?.elevation_gain_m !== undefined && c.elevation_gain_m > max)
      throw invalid(`${field}.elevation_gain_m`, M.msg('too_steep', { max: Math.floor(max) }));
  }

  function build(
    distanceKm: number,
    ref: Reference,
    c: RaceConditions | undefined,
    lang: Lang,
  ): RacePrediction {
    const p = predict(
      distanceKm * 1000,
      { distanceM: ref.distance_km * 1000, timeS: ref.time_s },
      toConditions(c),
    );
    return {
      distance_km: distanceKm,
      reference: ref,
      predictions: {
        riegel: {
          time_s: r1(p.riegelS),
          time: formatDuration(p.riegelS),
          exponent: RIEGEL_EXPONENT,
          model: 'Riegel 1981',
        },
        vdot: {
          time_s: r1(p.vdotS),
          time: formatDuration(p.vdotS),
          vdot: r1(p.vdot),
          model: 'Daniels & Gilbert 1979',
        },
      },
      base_method: 'mean of riegel and vdot',
      base_time_s: r1(p.baseS),
      base_time: formatDuration(p.baseS),
      adjusted_time_s: r1(p.adjustedS),
      adjusted_time: formatDuration(p.adjustedS),
      adjusted_pace: formatPace(p.adjustedS / distanceKm),
      total_impact_percent: r2((p.adjustedS / p.baseS - 1) * 100),
      factors: p.factors.map((f) => ({
        name: f.name,
        impact_percent: f.impactPercent,
        multiplier: Math.round(f.multiplier * 10_000) / 10_000,
        model: f.model,
        detail: f.detail,
        note: M.t(lang, `factor.${f.name}`),
      })),
      range: {
        low_s: r1(p.rangeS.low),
        high_s: r1(p.rangeS.high),
        low: formatDuration(p.rangeS.low),
        high: formatDuration(p.rangeS.high),
      },
      splits: evenSplits(distanceKm * 1000, p.adjustedS),
    };
  }

  return {
    bestRecent,

    /**
     * Without a reference the answer is a pure function of (best effort, distance, conditions, language), and
     * an athlete asks the same question again and again (the race page on every visit): it is memoised on the
     * best effort, so a repeat costs a map lookup and callers may memoise on the returned object (routes.ts
     * keeps its serialised bytes). Callers never mutate it.
     */
    async predict(userId: number, body: RacePredictBody, lang: Lang): Promise<RacePrediction> {
      checkConditions(body.distance_km, body.conditions, 'conditions');
      const ref = await referenceFor(userId, body.reference, 'reference');
      if (body.reference) return build(body.distance_km, ref, body.conditions, lang);
      const k = `${lang}|${body.distance_km}|${JSON.stringify(body.conditions ?? null)}`;
      return predictionOf(ref, k, () => build(body.distance_km, ref, body.conditions, lang));
    },

    /**
     * How each condition would change the athlete's time over a distance: tables per factor, and the impact of
     * the conditions given in the query (`current_impact_percent`; a condition not given has none). Sign:
     * positive = slower, as everywhere in Pulso.
     */
    async conditionsImpact(userId: number, q: ConditionsImpactQuery, lang: Lang): Promise<ConditionsImpact> {
      const distanceKm = q.distance_km;
      const given: RaceConditions = {
        temperature_c: q.temperature_c,
        temperature: q.temperature,
        humidity_pct: q.humidity_pct,
        wind_kmh: q.wind_kmh,
        wind_direction: q.wind_direction,
        terrain: q.terrain,
        elevation_gain_m: q.elevation_gain_m,
        altitude_m: q.altitude_m,
      };
      checkConditions(distanceKm, given, 'query');
      const ref = await bestRecent(userId);
      const vdot = ref ? vdotOf(ref.distance_km * 1000, ref.time_s) : ASSUMED_VDOT;
      const d = distanceKm * 1000;
      const base = timeForVdot(vdot, d);
      const pct = (m: number) => r2((m - 1) * 100);
      const t = Object.fromEntries(
        (
          [
            'temperature',
            'humidity_low',
            'humidity_mid',
            'humidity_high',
            'wind',
            'terrain',
            'altitude',
          ] as const
        ).map((id) => [id, M.t(lang, `impact.${id}`)]),
      ) as Record<
        'temperature' | 'humidity_low' | 'humidity_mid' | 'humidity_high' | 'wind' | 'terrain' | 'altitude',
        string
      >;
      const v = d / base;
      const c = toConditions(given);
      const current = conditionFactors(c, d, base, vdot);
      const mult = (...names: string[]) =>
        current.filter((f) => names.includes(f.name)).reduce((m, f) => m * f.multiplier, 1);
      const total = mult('heat', 'wind', 'altitude', 'hills', 'surface');
      const humidity = c.humidityPct ?? 50;
      // Temperature at 50% humidity, and what the actual humidity adds to it: the two add up to the heat factor.
      const tempOnly =
        c.temperatureC === undefined ? 0 : pct(heatMultiplier(wbgtFrom(c.temperatureC, 50), vdot, base));
      const heat = c.temperatureC === undefined ? 0 : pct(mult('heat'));
      const refWind = c.windKmh && c.windKmh > 0 ? c.windKmh : 20;
      const course = mult('hills', 'surface');
      const equivalentKm = r1((course - 1) * distanceKm);
      const adjusted = base * total;
      return {
        distance_km: distanceKm,
        vdot: r1(vdot),
        vdot_source: ref ? 'workouts' : 'assumed',
        base_time_s: r1(base),
        base_time: formatDuration(base),
        base_time_min: r1(base / 60),
        adjusted_time_s: r1(adjusted),
        adjusted_time: formatDuration(adjusted),
        adjusted_time_min: r1(adjusted / 60),
        cumulative_impact: pct(total),
        conditions: {
          temperature_c: c.temperatureC ?? null,
          humidity_pct: humidity,
          wind_kmh: c.windKmh ?? 0,
          wind_direction: c.windDirection ?? 'headwind',
          terrain: c.terrain ?? null,
          elevation_gain_m: c.elevationGainM ?? null,
          altitude_m: c.altitudeM ?? 0,
        },
        factors: {
          temperature: {
            current_impact_percent: tempOnly,
            optimal_temp: r1(airTempForWbgt(OPTIMAL_WBGT_C, 50)),
            model: 'Ely et al. 2007',
            optimal_wbgt_c: '5-10',
            humidity_pct: 50,
            impact_by_temp: [0, 5, 10, 15, 20, 25, 30, 35].map((temperature_c) => {
              const wbgt = wbgtFrom(temperature_c, 50);
              return {
                temperature_c,
                wbgt_c: r1(wbgt),
                impact_percent: pct(heatMultiplier(wbgt, vdot, base)),
              };
            }),
            advice: t.temperature,
          },
          humidity: {
            current_impact_percent: r2(heat - tempOnly),
            model: 'Ely et al. 2007; WBGT: Australian BoM approximation',
            temperature_c: 25,
            impact_by_humidity: [20, 40, 60, 80, 100].map((humidity_pct) => ({
              humidity_pct,
              impact_percent: pct(heatMultiplier(wbgtFrom(25, humidity_pct), vdot, base)),
            })),
            // The query's humidity read as the seed reads it ("moderate"), else the three bands.
            interpretation:
              q.humidity_pct === undefined
                ? `${t.humidity_low} ${t.humidity_mid} ${t.humidity_high}`
                : q.humidity_pct < 40
                  ? t.humidity_low
                  : q.humidity_pct <= 70
                    ? t.humidity_mid
                    : t.humidity_high,
          },
          wind: {
            current_impact_percent: pct(mult('wind')),
            reference_wind_kmh: refWind,
            worst_case_headwind: pct(windMultiplier(v, refWind, 'headwind')),
            best_case_tailwind: pct(windMultiplier(v, refWind, 'tailwind')),
            model: 'Pugh 1971; Davies 1980',
            impact_by_speed: [10, 20, 30, 40].map((wind_kmh) => ({
              wind_kmh,
              headwind_percent: pct(windMultiplier(v, wind_kmh, 'headwind')),
              tailwind_percent: pct(windMultiplier(v, wind_kmh, 'tailwind')),
              crosswind_percent: pct(windMultiplier(v, wind_kmh, 'crosswind')),
              variable_percent: pct(windMultiplier(v, wind_kmh, 'variable')),
            })),
            advice: t.wind,
          },
          terrain: {
            current_impact_percent: pct(course),
            elevation_equivalent_km: equivalentKm,
            elevation_equivalent: M.t(lang, 'extra_km', { km: equivalentKm }),
            model: 'Minetti et al. 2002; Voloshina & Ferris 2015',
            impact_by_terrain: TERRAINS.map((terrain) => {
              const f = conditionFactors({ terrain }, d, base, vdot).reduce((m, x) => m * x.multiplier, 1);
              return {
                terrain,
                elevation_gain_m: Math.round(TYPICAL_GAIN_M_PER_KM[terrain] * distanceKm),
                impact_percent: pct(f),
              };
            }),
            advice: t.terrain,
          },
          altitude: {
            current_impact_percent: pct(mult('altitude')),
            acclimatization_needed: (c.altitudeM ?? 0) >= 1500,
            model: 'Wehrlin & Hallén 2006; Daniels & Gilbert 1979',
            impact_by_altitude: [0, 500, 1000, 1500, 2000, 2500, 3000].map((altitude_m) => ({
              altitude_m,
              impact_percent: pct(altitudeMultiplier(altitude_m, vdot, d)),
              acclimatization_needed: altitude_m >= 1500,
            })),
            advice: t.altitude,
          },
        },
      };
    },

    terrainGuide(lang: Lang): TerrainGuide {
      const half = 21_097.5;
      const entry = (terrain: Terrain) => {
        const gain = (TYPICAL_GAIN_M_PER_KM[terrain] * half) / 1000;
        const m = hillMultiplier(gain, half) * (1 + SURFACE_PERCENT[terrain] / 100);
        // At constant pace, m − 1 of the time is (m − 1) × distance of flat running.
        const km = r1((m - 1) * (half / 1000));
        return {
          impact_percent: Math.round((m - 1) * 1000) / 10,
          typical_gain_m_per_km: TYPICAL_GAIN_M_PER_KM[terrain],
          surface_percent: SURFACE_PERCENT[terrain],
          elevation_equivalent_km: km,
          elevation_equivalent: M.t(lang, 'extra_km', { km }),
          description: M.t(lang, `terrain.${terrain}.description`),
          pacing_strategy: M.t(lang, `terrain.${terrain}.pacing_strategy`),
          shoes_recommendation: M.t(lang, `terrain.${terrain}.shoes_recommendation`),
          examples: TERRAIN_EXAMPLES[terrain],
        };
      };
      // 100 m up at 10% is 1 km of climbing; its extra cost over flat, in km of flat running.
      const c0 = minettiCost(0);
      const up = r2(minettiCost(0.1) / c0 - 1);
      const back = r2(1 - minettiCost(-0.1) / c0);
      return {
        terrains: {
          flat_road: entry('flat_road'),
          rolling_hills: entry('rolling_hills'),
          mountain: entry('mountain'),
          technical_trail: entry('technical_trail'),
        },
        general_rule: M.t(lang, 'general_rule', { up, back }),
        models: ['Minetti et al. 2002', 'Voloshina & Ferris 2015'],
      };
    },

    /** `body`: `{scenarios}` or the seed's bare array; error fields follow the form that was sent. */
    async compare(userId: number, body: ScenarioComparisonBody, lang: Lang): Promise<ScenarioComparison> {
      const list: ScenarioList = Array.isArray(body) ? body : body.scenarios;
      const at = (i: number) => (Array.isArray(body) ? `${i}` : `scenarios.${i}`);
      list.forEach((s, i) => checkConditions(s.distance_km, s.conditions, `${at(i)}.conditions`));
      let fallback: Reference | null | undefined;
      const results = [];
      for (const [i, s] of list.entries()) {
        let ref: Reference;
        if (s.reference) ref = await referenceFor(userId, s.reference, `${at(i)}.reference`);
        else {
          fallback ??= await referenceFor(userId, undefined, `${at(i)}.reference`);
          ref = fallback;
        }
        results.push({
          i,
          name: s.name ?? M.t(lang, 'scenario', { n: i + 1 }),
          conditions: s.conditions,
          p: build(s.distance_km, ref, s.conditions, lang),
        });
      }
      const fastest = results.reduce((a, b) => (b.p.adjusted_time_s < a.p.adjusted_time_s ? b : a));
      const slowest = results.reduce((a, b) => (b.p.adjusted_time_s > a.p.adjusted_time_s ? b : a));
      const delta = slowest.p.adjusted_time_s - fastest.p.adjusted_time_s;
      // The seed's deltas compare with the first scenario (the baseline the others are alternatives to).
      const first = results[0]!.p.adjusted_time_s;
      const signed = (x: number) => `${x < 0 ? '' : '+'}${formatDuration(x)}`;
      // The factor that differs most between the two explains the gap.
      const impact = (p: RacePrediction, n: string) =>
        p.factors.find((f) => f.name === n)?.impact_percent ?? 0;
      let why = 'none';
      if (fastest.p.distance_km !== slowest.p.distance_km) why = 'distance';
      else {
        let most = 0.05;
        for (const n of ['heat', 'wind', 'altitude', 'hills', 'surface'] as const) {
          const d = impact(slowest.p, n) - impact(fastest.p, n);
          if (d > most) {
            most = d;
            why = n;
          }
        }
      }
      return {
        scenarios: results.map(({ i, name, conditions, p }) => ({
          index: i,
          name,
          distance_km: p.distance_km,
          adjusted_time_s: p.adjusted_time_s,
          time: p.adjusted_time,
          pace: p.adjusted_pace,
          total_impact_percent: p.total_impact_percent,
          delta_vs_fastest_s: r1(p.adjusted_time_s - fastest.p.adjusted_time_s),
          delta_vs_fastest: `+${formatDuration(p.adjusted_time_s - fastest.p.adjusted_time_s)}`,
          delta_vs_first_s: r1(p.adjusted_time_s - first),
          delta_vs_first: signed(p.adjusted_time_s - first),
          temp: toConditions(conditions).temperatureC ?? null,
          conditions: echo(conditions),
        })),
        fastest: {
          index: fastest.i,
          name: fastest.name,
          time_s: fastest.p.adjusted_time_s,
          time: fastest.p.adjusted_time,
          delta_s: r1(fastest.p.adjusted_time_s - first),
          delta: signed(fastest.p.adjusted_time_s - first),
        },
        slowest: {
          index: slowest.i,
          name: slowest.name,
          time_s: slowest.p.adjusted_time_s,
          time: slowest.p.adjusted_time,
          delta_s: r1(slowest.p.adjusted_time_s - first),
          delta: signed(slowest.p.adjusted_time_s - first),
        },
        gap_s: r1(delta),
        gap: formatDuration(delta),
        recommendation: M.t(lang, 'recommend', {
          fast: fastest.name,
          slow: slowest.name,
          delta: formatDuration(delta),
          why,
        }),
      };
    },
  };
}
export type RaceService = ReturnType<typeof createRaceService>;
