import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_WEEKS,
  evaluateAlerts,
  type HistorySession,
} from '../../../src/modules/rehab/domain/alerts.js';
import { progressedDose, type DoneSession } from '../../../src/modules/rehab/domain/progression.js';
import { mondayStart, weeklyAdherence } from '../../../src/modules/rehab/domain/progress.js';
import { createRehabRepo, toHistorySession } from '../../../src/modules/rehab/repo.js';
import type { StoredProgramExercise } from '../../../src/modules/rehab/tables.js';
import { createKeyring } from '../../../src/platform/crypto/keyring.js';
import { rowsOf } from '../../../src/platform/db/index.js';
import { call, createTestApp, gymWithRoles, testNow, type TestApp, type TestUser } from '../../harness.js';

/**
 * The SQL aggregations the rehabilitation reads use instead of whole histories, checked against the rule they
 * feed applied to every session (the old way), on constructed histories.
 */
const DAY = 86_400_000;
const START = testNow();
const clock = START;

let t: TestApp;
let gymId: number;
let users: Record<'owner' | 'admin' | 'trainer' | 'physio' | 'member', TestUser>;
let patientId: number;
let exerciseIds: number[];

beforeAll(async () => {
  t = await createTestApp({ clock: () => clock });
  ({ gymId, users } = await gymWithRoles(t.app));
  const as = { token: users.physio.token, gym: gymId };
  const res = await call(t.app, 'POST', '/api/v1/rehab/patients', {
    ...as,
    body: { user_id: users.member.id, diagnosis: 'Rodilla' },
  });
  expect(res.statusCode).toBe(201);
  patientId = res.json<{ id: number }>().id;
  const cat = await call(t.app, 'GET', '/api/v1/rehab/exercises?limit=100', as);
  exerciseIds = cat
    .json<{ id: number }[]>()
    .slice(0, 3)
    .map((e) => e.id);
  expect(exerciseIds).toHaveLength(3);
});
afterAll(async () => {
  await t.close();
});

/** A small deterministic generator (mulberry32), so a failing history can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('progression rule per period (SQL) = the rule over every session', () => {
  it('gives the same dose on random histories, every period length and pain limit, at day edges', async () => {
    const repo = createRehabRepo(t.database.db, createKeyring(randomBytes(32)));
    const todayN = Math.floor(clock / DAY);
    for (let round = 0; round < 6; round++) {
      const rand = rng(1000 + round);
      await t.database.db.execute(sql`delete from rehab_sessions where patient_id = ${patientId}`);
      const startN = todayN - 30 - Math.floor(rand() * 200);
      const raw = new Map<number, DoneSession[]>(exerciseIds.map((id) => [id, []]));
      const values: string[] = [];
      for (const ex of exerciseIds)
        for (let day = startN - 5; day <= todayN; day++) {
          if (rand() < 0.45) continue;
          // Some sessions a millisecond either side of midnight UTC: the day boundary must agree with the code's.
          const edge = rand();
          const ms = edge < 0.1 ? 0 : edge < 0.2 ? DAY - 1 : Math.floor(rand() * DAY);
          const at = day * DAY + ms;
          if (at > clock) continue;
          const pain = rand() < 0.2 ? null : Math.floor(rand() * 8);
          raw.get(ex)!.push({ day: Math.floor(at / DAY), painAfter: pain });
          values.push(
            `(${gymId}, ${patientId}, ${users.member.id}, ${ex}, 'home', '${new Date(at).toISOString()}', ${pain ?? 'null'}, 'patient')`,
          );
        }
      await t.database.db.execute(
        sql.raw(`insert into rehab_sessions (gym_id, patient_id, user_id, exercise_id, modality, performed_at,
                   pain_after, logged_via) values ${values.join(',')}`),
      );
      const rules: StoredProgramExercise[] = exerciseIds.map((exercise_id, i) => ({
        exercise_id,
        sets: 3,
        reps: 10,
        hold_s: null,
        duration_s: null,
        frequency_per_week: 3,
        progression: {
          applies_to: 'reps',
          increase_percent: 5 + i * 5,
          every_days: [1, 3, 7, 10][(round + i) % 4]!,
          while_pain_at_most: [2, 3, 5][(round + i) % 3]!,
          ...(round % 3 === 2 ? { max: 40 } : {}),
        },
      }));
      const periods = await repo.progressionPeriods(
        gymId,
        patientId,
        startN,
        new Date(todayN * DAY),
        rules.map((r) => ({ exerciseId: r.exercise_id, everyDays: r.progression!.every_days })),
      );
      for (const r of rules) {
        const every = r.progression!.every_days;
        const mine = periods
          .filter((p) => p.exerciseId === r.exercise_id)
          .map((p) => ({ day: startN + p.period * every, painAfter: p.maxPain }));
        const old = progressedDose(r, startN, todayN, raw.get(r.exercise_id)!);
        expect(progressedDose(r, startN, todayN, mine)).toEqual(old);
        // The aggregate is one row per period with a session, not one per session.
        expect(mine.length).toBeLessThanOrEqual(Math.ceil((todayN - startN) / every) + 1);
      }
      // The histories moved the dose somewhere, so the comparison is not of two untouched prescriptions.
      if (round === 0)
        expect(
          rules.some((r) => progressedDose(r, startN, todayN, raw.get(r.exercise_id)!).reps !== 10),
        ).toBe(true);
    }
    const n = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int n from rehab_sessions where patient_id = ${patientId}`,
      ),
    );
    expect(n[0]!.n).toBeGreaterThan(0);
  });
});

describe('alert window after a session (SQL) = the rules over the whole look-back', () => {
  it('raises the same alerts from the reduced rows on random histories, with and without a programme', async () => {
    const repo = createRehabRepo(t.database.db, createKeyring(randomBytes(32)));
    const db = t.database.db;
    let fired = 0;
    for (let round = 0; round < 12; round++) {
      const rand = rng(2000 + round);
      // Now moves through the week, so the current and last weeks hold different numbers of days.
      const now = clock + round * 0.6 * DAY;
      await db.execute(sql`delete from rehab_sessions where patient_id = ${patientId}`);
      await db.execute(sql`delete from rehab_programs where patient_id = ${patientId}`);
      const startN = Math.floor(now / DAY) - Math.floor(rand() * 40);
      const withProgram = round % 4 !== 3;
      if (withProgram)
        await db.execute(sql`insert into rehab_programs (gym_id, patient_id, starts_on, exercises, created_by)
          values (${gymId}, ${patientId}, ${new Date(startN * DAY).toISOString().slice(0, 10)},
                  ${JSON.stringify(
                    exerciseIds.slice(0, 2).map((exercise_id) => ({
                      exercise_id,
                      sets: 3,
                      reps: 10,
                      hold_s: null,
                      duration_s: null,
                      frequency_per_week: 2 + (round % 3),
                      progression: null,
                    })),
                  )}::jsonb, ${users.physio.id})`);
      const values: string[] = [];
      // Mostly recent sessions, some before the look-back, a sparse or an idle last stretch in some rounds.
      const idleDays = round % 5 === 4 ? 10 : 0;
      for (let day = -90; day <= -idleDays; day++)
        for (const ex of exerciseIds) {
          if (rand() < (round % 2 ? 0.75 : 0.4)) continue;
          const at = now + day * DAY - Math.floor(rand() * 3_600_000);
          const q = (p: number) => (rand() < p ? null : Math.floor(rand() * 10));
          // Some rounds score pain or measure motion rarely, so the last week holds fewer than the rules read.
          const painGap = round % 3 === 2 ? 0.85 : 0.3;
          const rom =
            rand() < (round % 4 === 1 ? 0.85 : 0.3)
              ? null
              : 60 + Math.floor(rand() * 40) - Math.max(0, day + 20);
          values.push(
            `(${gymId}, ${patientId}, ${users.member.id}, ${ex}, 'home', '${new Date(at).toISOString()}', ${q(painGap)}, ${q(painGap)}, ${rom ?? 'null'}, ${rand() < 0.5 ? 'null' : Math.floor(rand() * 100)}, 'patient')`,
          );
        }
      if (values.length)
        await db.execute(
          sql.raw(`insert into rehab_sessions (gym_id, patient_id, user_id, exercise_id, modality, performed_at,
                     pain_before, pain_after, rom_deg, vr_score, logged_via) values ${values.join(',')}`),
        );
      const since = new Date(mondayStart(now) - 56 * DAY);
      const weekFrom = new Date(mondayStart(now) - 7 * DAY);
      const [full, windows] = await Promise.all([
        repo.history(gymId, [patientId], since),
        // With a patient id no clinic has: each patient of the group gets their own row, keyed by id.
        repo.alertWindows(
          [
            { gymId, patientId },
            { gymId, patientId: 987_654 },
          ],
          since,
          weekFrom,
        ),
      ]);
      const w = windows.get(patientId)!();
      expect(windows.get(987_654)!()).toEqual({ history: [], last: null, program: undefined, open: [] });
      const [program] = await repo.activePrograms([patientId]);
      expect(w.program?.startsOn).toBe(program?.startsOn);
      expect(w.program?.exercises).toEqual(program?.exercises);
      const asHistory = (rows: typeof full): HistorySession[] => rows.map(toHistorySession);
      const judge = (sessions: HistorySession[], last: number | null, nWeeks = 9) => {
        const prog = program
          ? {
              start: Math.floor(Date.parse(`${program.startsOn}T00:00:00Z`) / DAY) * DAY,
              exercises: program.exercises.map((e) => ({
                exerciseId: e.exercise_id,
                frequencyPerWeek: e.frequency_per_week,
              })),
            }
          : null;
        return evaluateAlerts({
          sessions,
          weeks: weeklyAdherence(sessions, prog, now, nWeeks),
          currentWeekStart: mondayStart(now),
          lastSessionAt: last,
          programStart: prog?.start ?? null,
          prescribed: prog ? new Set(prog.exercises.map((x) => x.exerciseId)) : null,
          now,
        });
      };
      const [lastAll] = rowsOf<{ last: string | Date | null }>(
        await db.execute(
          sql`select max(performed_at) as last from rehab_sessions where patient_id = ${patientId}`,
        ),
      );
      const lastMs = lastAll?.last == null ? null : new Date(lastAll.last).getTime();
      expect(w.last?.getTime() ?? null).toBe(lastMs);
      // The reduced rows are rows of the window, in the same order, and fewer of them when the window is full.
      const ids = full.map((r) => r.id);
      expect(w.history.map((r) => r.id)).toEqual(ids.filter((id) => w.history.some((r) => r.id === id)));
      // …each as the rules read it, the same as the row read gives.
      expect(w.history).toEqual(asHistory(w.history.map((r) => full.find((f) => f.id === r.id)!)));
      if (full.length > 60) expect(w.history.length).toBeLessThan(full.length);
      // Every row a rule may read is there: the sessions since the last complete week began, the last three with
      // a pain score, the last six measured ranges of motion of each exercise (the programme's, or any without).
      const needed = new Set(full.filter((r) => r.performedAt >= weekFrom).map((r) => r.id));
      const newest = (rows: typeof full, n: number) => rows.slice(-n).forEach((r) => needed.add(r.id));
      newest(
        full.filter((r) => (r.painAfter ?? r.painBefore) != null),
        3,
      );
      const measured = [...new Set(full.map((r) => r.exerciseId))].filter(
        (ex) => !program || program.exercises.some((e) => e.exercise_id === ex),
      );
      for (const ex of measured)
        newest(
          full.filter((r) => r.exerciseId === ex && r.romDeg != null),
          6,
        );
      const got = new Set(w.history.map((r) => r.id));
      expect([...needed].filter((id) => !got.has(id))).toEqual([]);
      // The progress and dashboard reads take the same window as one JSON array per patient.
      const asRules = await repo.ruleHistory(gymId, [patientId, 987_654], since);
      expect(asRules.get(patientId) ?? []).toEqual(asHistory(full));
      expect(asRules.has(987_654)).toBe(false);
      const old = judge(asHistory(full), lastMs);
      expect(judge(w.history, w.last?.getTime() ?? null)).toEqual(old);
      // After a session only the last complete week and the current one are weighed (ALERT_WEEKS).
      expect(judge(w.history, w.last?.getTime() ?? null, ALERT_WEEKS)).toEqual(old);
      fired += old.length;
    }
    // The histories raise alerts, so the comparison is not only of empty lists.
    expect(fired).toBeGreaterThan(3);
  });
});

describe('sessions written as a group (one statement)', () => {
  it('answers each session of the group its own result, in order, repeats and refusals included', async () => {
    const repo = createRehabRepo(t.database.db, createKeyring(randomBytes(32)));
    const values = (userId: number, clientId: string | null, hour: number) => ({
      gymId,
      userId,
      exerciseId: exerciseIds[0]!,
      modality: 'home',
      performedAt: new Date(clock - hour * 3_600_000),
      setsDone: 3,
      repsDone: 10 + hour,
      durationS: null,
      romDeg: 90 + hour,
      vrScore: null,
      painBefore: 1,
      painAfter: hour % 10,
      difficulty: null,
      notes: hour === 1 ? `nota grupo ${hour}` : null,
      clientId,
      loggedVia: 'patient' as const,
      loggedBy: userId,
      deviceId: null,
    });
    const member = users.member.id;
    const results = await repo.insertSessions([
      { values: values(member, 'group-a', 1), patientId: undefined },
      { values: values(users.trainer.id, 'group-b', 2), patientId: undefined }, // no patient of the clinic
      { values: values(member, null, 3), patientId },
      { values: values(member, 'group-a', 4), patientId: undefined }, // a repeat inside the group
      { values: values(member, 'group-c', 5), patientId: patientId + 100_000 }, // not theirs
      { values: values(member, null, 6), patientId: undefined },
    ]);
    expect(results.map((r) => [r.created, r.patient?.id ?? null, r.row != null])).toEqual([
      [true, patientId, true],
      [false, null, false],
      [true, patientId, true],
      [false, patientId, true],
      [false, patientId, false],
      [true, patientId, true],
    ]);
    // The repeat answers the session stored first; each new one is what was sent, under its own id.
    expect(results[3]!.row!.id).toBe(results[0]!.row!.id);
    expect(results[3]!.row!.repsDone).toBe(11);
    for (const i of [0, 2, 5]) expect(results[i]!.row!.repsDone).toBe(10 + i + 1);
    expect(results[0]!.row!.notes).toBe('nota grupo 1');
    const ids = [0, 2, 5].map((i) => results[i]!.row!.id);
    expect(new Set(ids).size).toBe(3);
    const stored = rowsOf<{ id: number; reps_done: number; rom_deg: number; client_id: string | null }>(
      await t.database.db.execute(
        sql`select id, reps_done, rom_deg, client_id from rehab_sessions where id in (${sql.join(ids, sql`, `)}) order by id`,
      ),
    );
    expect(stored.map((r) => [Number(r.id), r.reps_done, r.rom_deg])).toEqual(
      [0, 2, 5].map((i) => [results[i]!.row!.id, 11 + i, 91 + i]).sort((a, b) => a[0]! - b[0]!),
    );
    // Nothing of the refused ones was stored.
    const refused = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from rehab_sessions where client_id in ('group-b', 'group-c')`,
      ),
    );
    expect(refused[0]!.n).toBe(0);
  });
});

describe("a session's one foreign key (gym, patient and the patient's account)", () => {
  const insert = (gym: number, user: number) =>
    t.database.db.execute(
      sql`insert into rehab_sessions (gym_id, patient_id, user_id, exercise_id, modality, performed_at, logged_via)
          values (${gym}, ${patientId}, ${user}, ${exerciseIds[0]}, 'home', ${new Date(clock - DAY).toISOString()}, 'patient')`,
    );
  const count = async (user: number) =>
    rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from rehab_sessions where patient_id = ${patientId} and user_id = ${user}`,
      ),
    )[0]!.n;

  it("refuses a session under another account than its patient's, or under another gym", async () => {
    const before = await count(users.member.id);
    // 23503: foreign_key_violation (PostgreSQL's error codes), on the driver's error under the ORM's.
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'stored',
        (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code,
      );
    expect(await code(insert(gymId, users.trainer.id))).toBe('23503');
    expect(await code(insert(gymId + 100_000, users.member.id))).toBe('23503');
    expect(await count(users.trainer.id)).toBe(0);
    // The same row under the patient's own account and gym is stored.
    await insert(gymId, users.member.id);
    expect(await count(users.member.id)).toBe(before + 1);
  });
});
