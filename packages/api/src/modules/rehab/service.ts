import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Counter } from 'prom-client';
import type {
  Alert,
  AlertType,
  Device,
  Exercise,
  ExerciseBody,
  ExercisePatchBody,
  MyProgram,
  PatientBody,
  PatientPatchBody,
  Patient,
  Program,
  ProgramBody,
  ProgramExerciseIn,
  ProgramPatchBody,
  Progress,
  Session,
  SessionBody,
} from '@pulso/contracts/rehab';
import type { GymActor } from '../../platform/auth/access.js';
import type { Cache } from '../../platform/cache/index.js';
import { createJsonPageCache, staggeredPeriod, type JsonPage } from '../../platform/cache/json-pages.js';
import { DAY_MS, dayNumber, todayOf } from '../../platform/dates.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import type { Lang } from '../../platform/i18n.js';
import type { Log } from '../../platform/module.js';
import type { Notify } from '../../platform/notify.js';
import type { UserDataContributor } from '../../platform/user-data.js';
import { groupWrite, rowAtFault } from '../../platform/group-write.js';
import { BASE_CATALOGUE } from './catalogue.js';
import { ALERT_WEEKS, evaluateAlerts, type HistorySession, type RaisedAlert } from './domain/alerts.js';
import { progressedDose } from './domain/progression.js';
import { mondayStart, trend, weeklyAdherence } from './domain/progress.js';
import { rehabMessages as M } from './messages.js';
import { refuse } from './reasons.js';
import {
  type AccessValues,
  type DeviceRow,
  type ExerciseRow,
  type PatientRef,
  type PatientWithName,
  type ProgramRow,
  type RehabRepo,
  type SessionInsert,
  type SessionInsertResult,
  type SessionValues,
} from './repo.js';
import type { SessionRow, StoredProgramExercise } from './tables.js';

/** Who manages patients in a clinic: physios, owners and admins. Trainers and members see only their own record. */
export const REHAB_STAFF = ['owner', 'admin', 'physio'] as const;
const isStaff = (role: string) => (REHAB_STAFF as readonly string[]).includes(role);

export interface RehabDeps {
  db: Db;
  repo: RehabRepo;
  cache: Cache;
  clock: () => number;
  notify: Notify;
  /** `exercises_completed_total{modality}`; registered on the app's registry by the module kit's `metrics`. */
  completed: Counter<'modality'>;
  publicUrl: string;
  log: Log;
}

/** RFC 8628 §6.1: a user code from 20 consonants (no vowels: no words), 8 characters ≈ 34 bits. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const DEVICE_CODE_TTL_S = 600;
const POLL_INTERVAL_S = 5;
/** Wrong user codes a person may type in a window before being refused (besides the per-IP route limit). */
export const CODE_ATTEMPTS = 5;
const CODE_WINDOW_S = 900;
export const DEVICE_TOKEN_PREFIX = 'rhd_';
export const DEVICE_SCOPE = 'rehab:sessions:write rehab:program:read';

/** How far back alerts look: enough for six measured sessions of an exercise and last week's adherence. */
const ALERT_LOOKBACK_DAYS = 56;
const DASHBOARD_LOOKBACK_DAYS = 28;
/** Alert evaluations that may wait after their sessions answered (see `writeSession`). */
const MAX_JUDGING = 2000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

export type TokenAnswer =
  | {
      ok: true;
      token: {
        access_token: string;
        token_type: 'Bearer';
        scope: string;
        patient_id: number;
        device_id: number;
      };
    }
  | {
      ok: false;
      error: 'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 'invalid_grant';
      interval?: number;
    };

/** The rehabilitation use cases (issue 14). */
export function createRehabService(d: RehabDeps) {
  const now = () => d.clock();
  // The base catalogue is written (or refreshed, by slug) on the first use of exercises in this process: once,
  // and again after a failure. Not at start: the app is also built without a migrated database (openapi).
  let catalogue: Promise<Map<number, ExerciseRow>> | undefined;
  // The base catalogue's rows are kept in the process once written: they change only with a release (clinics
  // cannot edit them), and logging a session of one then needs no exercise query.
  const catalogueLoaded = () =>
    (catalogue ??= d.repo
      .ensureCatalogue(BASE_CATALOGUE)
      .then(() => d.repo.baseExercises())
      .then((rows) => new Map(rows.map((r) => [r.id, r])))
      .catch((e: unknown) => {
        catalogue = undefined;
        throw e;
      }));
  const dashboardPages = createJsonPageCache(d.cache, { prefix: 'rehab:dash', ttlSeconds: 60 });
  /**
   * A patient's progress, per patient: rebuilt after that patient's next session, programme or record change
   * (not after another patient's, as a clinic-wide generation would be in a busy clinic). Its variant holds the
   * minute of the service clock, shifted per patient (`staggeredPeriod`), so "inactive" and the week boundaries
   * never lag the clock by more than that, and a clinic's pages do not all expire at the same second.
   */
  const progressPages = createJsonPageCache(d.cache, { prefix: 'rehab:prog', ttlSeconds: 60 });
  const progressScope = (gymId: number, patientId: number) => `${gymId}:${patientId}`;
  /**
   * Whose record a patient is (the user id, for the access check), under the same generation as their progress:
   * a cached read then makes no query before its audit row. A record never changes user or clinic and goes
   * only with the account, whose erasure retires the scope; an unknown id is a 404 from the build, never kept.
   */
  const ownerVariant = 'owner';
  /** A user's patient id in a clinic (their programme's scope), retired with the account like the above. */
  const ownPages = createJsonPageCache(d.cache, { prefix: 'rehab:own', ttlSeconds: 600 });
  const ownScope = (gymId: number, userId: number) => `${gymId}:${userId}`;
  /** The cache generations a change of a patient retires: the clinic's dashboards and the patient's pages. */
  const changedKeys = (gymId: number, patientId: number) => [
    dashboardPages.generationKey(gymId),
    progressPages.generationKey(progressScope(gymId, patientId)),
  ];
  /** Everything cached about a patient is rebuilt on its next read (one delete and one broadcast for both). */
  const changed = (gymId: number, patientId: number) => d.cache.del(...changedKeys(gymId, patientId));

  // ---------------------------------------------------------------------------------------------- DTOs
  const exerciseDto = (r: ExerciseRow): Exercise => ({
    id: r.id,
    gym_id: r.gymId,
    name: { en: r.nameEn, es: r.nameEs },
    instructions: { en: r.instructionsEn, es: r.instructionsEs },
    body_region: r.bodyRegion as Exercise['body_region'],
    difficulty: r.difficulty,
    media_url: r.mediaUrl,
    modality: r.modality as Exercise['modality'],
    measured_by: r.measuredBy as Exercise['measured_by'],
    contraindications: r.contraindications,
    source: r.source,
  });

  const patientDto = (p: PatientWithName): Patient => ({
    id: p.id,
    user_id: p.userId,
    name: p.name,
    diagnosis: p.diagnosis,
    side: (p.side as Patient['side']) ?? null,
    injury_date: p.injuryDate ?? null,
    surgery_date: p.surgeryDate ?? null,
    physio_id: p.physioId,
    goals: p.goals ?? null,
    status: p.status as Patient['status'],
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  });

  const programDto = (r: ProgramRow): Program => ({
    id: r.id,
    patient_id: r.patientId,
    status: r.status as Program['status'],
    starts_on: r.startsOn,
    ended_at: iso(r.endedAt),
    exercises: r.exercises.map((e) => ({ ...e, progression: e.progression ?? null })),
    created_at: r.createdAt.toISOString(),
  });

  const sessionDto = (r: SessionRow): Session => ({
    id: r.id,
    patient_id: r.patientId,
    exercise_id: r.exerciseId,
    modality: r.modality as Session['modality'],
    performed_at: r.performedAt.toISOString(),
    sets_done: r.setsDone,
    reps_done: r.repsDone,
    duration_s: r.durationS,
    range_of_motion_deg: r.romDeg,
    vr_score: r.vrScore,
    pain_before: r.painBefore,
    pain_after: r.painAfter,
    difficulty: r.difficulty,
    notes: r.notes ?? null,
    client_id: r.clientId,
    logged_via: r.loggedVia as Session['logged_via'],
    created_at: r.createdAt.toISOString(),
  });

  const deviceDto = (r: DeviceRow): Device => ({
    id: r.id,
    patient_id: r.patientId,
    client_name: r.clientName,
    status: r.status as Device['status'],
    created_at: r.createdAt.toISOString(),
    approved_at: iso(r.approvedAt),
    last_used_at: iso(r.lastUsedAt),
    revoked_at: iso(r.revokedAt),
  });

  const alertText = (a: RaisedAlert, lang: Lang): string => {
    switch (a.type) {
      case 'pain_rising':
        return M.t(lang, 'alert.pain_rising', { from: a.details.from!, to: a.details.to! });
      case 'pain_high':
        return M.t(lang, 'alert.pain_high', { min: a.details.min! });
      case 'low_adherence':
        return M.t(lang, 'alert.low_adherence', {
          done: a.details.done!,
          prescribed: a.details.prescribed!,
          adherence: a.details.adherence!,
        });
      case 'rom_regression':
        return M.t(lang, 'alert.rom_regression', { lost: a.details.lost_deg! });
      case 'inactive':
        return M.t(lang, 'alert.inactive', { days: a.details.days! });
    }
  };
  const alertDto = (a: RaisedAlert, lang: Lang): Alert => ({
    type: a.type,
    since: new Date(a.since).toISOString(),
    details: a.details,
    message: alertText(a, lang),
  });

  // ---------------------------------------------------------------------------------------------- helpers
  /**
   * The patient an actor may see: staff of the clinic see any of its patients, anyone else only their own
   * record; otherwise 404 (not "forbidden": the answer must not tell that the patient exists). A look by
   * someone other than the patient is written to the access log (no clinical text: a fixed action word).
   */
  async function reachable(actor: GymActor, patientId: number, action: string): Promise<PatientWithName> {
    return allowed(actor, await d.repo.patient(actor.gymId, patientId), action);
  }
  /** `reachable` for the uses that do not show the record: no clinical text read, nothing decrypted. */
  async function reachableRef(actor: GymActor, patientId: number, action: string): Promise<PatientRef> {
    return allowed(actor, await d.repo.patientRef(actor.gymId, patientId), action);
  }
  async function allowed<P extends { id: number; userId: number }>(
    actor: GymActor,
    p: P | undefined,
    action: string,
  ): Promise<P> {
    if (!p || (p.userId !== actor.userId && !isStaff(actor.role))) throw notFound(M.msg('patient_not_found'));
    await audit(actor, p, action);
    return p;
  }

  /**
   * Access-log rows are written before the answer (an audited look is never lost), grouped: the rows of
   * concurrent looks share one insert and one commit (platform/group-write.ts), where each look used to commit
   * its own.
   */
  const logAccess = groupWrite<AccessValues>((rows) => d.repo.logAccess(rows));
  async function audit(actor: GymActor, p: { id: number; userId: number }, action: string) {
    if (p.userId === actor.userId) return;
    await logAccess({
      gymId: actor.gymId,
      patientId: p.id,
      actorId: actor.userId,
      actorRole: actor.role,
      action,
      at: new Date(now()),
    });
  }

  /**
   * `reachableRef` for the reads served from the progress cache: who the patient is comes from that cache
   * (a query only after a change of the patient). Same 404 and the same access-log row.
   */
  async function reachableCached(
    actor: GymActor,
    patientId: number,
    action: string,
  ): Promise<{ id: number; userId: number }> {
    let userId: number | undefined;
    try {
      const page = await progressPages.get(progressScope(actor.gymId, patientId), ownerVariant, async () => {
        const p = await d.repo.patientRef(actor.gymId, patientId);
        if (!p) throw notFound(M.msg('patient_not_found'));
        return { json: String(p.userId), total: 1 };
      });
      userId = Number(page.json);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    return allowed(actor, userId === undefined ? undefined : { id: patientId, userId }, action);
  }

  /** The patient id of the caller in their clinic, from the cache after the first read (404 if none). */
  async function ownPatientId(actor: { gymId: number; userId: number }): Promise<number> {
    const page = await ownPages.get(ownScope(actor.gymId, actor.userId), 'id', async () => {
      const p = await d.repo.patientRefOfUser(actor.gymId, actor.userId);
      if (!p) throw notFound(M.msg('not_a_patient'));
      return { json: String(p.id), total: 1 };
    });
    return Number(page.json);
  }

  async function ownPatient(actor: { gymId: number; userId: number }) {
    const p = await d.repo.patientRefOfUser(actor.gymId, actor.userId);
    if (!p) throw notFound(M.msg('not_a_patient'));
    return p;
  }

  async function checkExercises(gymId: number, list: ProgramExerciseIn[]): Promise<StoredProgramExercise[]> {
    await catalogueLoaded();
    const rows = await d.repo.exercisesByIds([...new Set(list.map((e) => e.exercise_id))]);
    const ok = new Set(rows.filter((r) => r.gymId == null || r.gymId === gymId).map((r) => r.id));
    list.forEach((e, i) => {
      if (!ok.has(e.exercise_id)) throw invalid(`exercises.${i}.exercise_id`, M.msg('exercise_not_usable'));
    });
    return list.map((e) => ({
      exercise_id: e.exercise_id,
      sets: e.sets,
      reps: e.reps ?? null,
      hold_s: e.hold_s ?? null,
      duration_s: e.duration_s ?? null,
      frequency_per_week: e.frequency_per_week,
      progression: e.progression
        ? {
            applies_to: e.progression.applies_to,
            increase_percent: e.progression.increase_percent,
            every_days: e.progression.every_days,
            while_pain_at_most: e.progression.while_pain_at_most,
            ...(e.progression.max != null ? { max: e.progression.max } : {}),
          }
        : null,
    }));
  }

  async function checkPhysio(gymId: number, physioId: number | null | undefined) {
    if (physioId == null) return;
    const role = await d.repo.roleIn(gymId, physioId);
    if (!role || !isStaff(role)) throw invalid('physio_id', M.msg('not_a_physio'));
  }

  /**
   * Inputs of the alert rules for some patients, from one history read (bounded by the look-back and read by the
   * (gym, patient, performed_at) index). `withCount`: also the number of sessions of all time (progress shows
   * it). `withOpen`: also their open alert episodes, read alongside instead of after the evaluation.
   */
  async function alertInputs(
    gymId: number,
    patientIds: number[],
    t: number,
    lookbackDays = ALERT_LOOKBACK_DAYS,
    opts: { withCount?: boolean; withOpen?: boolean } = {},
  ) {
    const since = new Date(mondayStart(t) - lookbackDays * DAY_MS);
    const [byPatient, programs, totals, open] = await Promise.all([
      d.repo.ruleHistory(gymId, patientIds, since),
      d.repo.activePrograms(patientIds),
      opts.withCount ? d.repo.totals(gymId, patientIds) : undefined,
      opts.withOpen ? d.repo.openAlerts(patientIds) : undefined,
    ]);
    const program = new Map(programs.map((p) => [p.patientId, p]));
    const total = new Map<number, { n?: number; last: Date | string | null }>();
    if (totals) for (const x of totals) total.set(x.patientId, x);
    else {
      // The history has no upper bound, so its newest session is the newest of all time: only a patient with
      // nothing in the window needs a probe for their last session.
      for (const [id, l] of byPatient) total.set(id, { last: new Date(l.at(-1)!.at) });
      const idle = patientIds.filter((id) => !byPatient.has(id));
      for (const x of await d.repo.lastSessions(gymId, idle)) total.set(x.patientId, x);
    }
    return { byPatient, program, total, open };
  }

  function evaluate(
    sessions: HistorySession[],
    program: Pick<ProgramRow, 'startsOn' | 'exercises'> | undefined,
    last: Date | string | null | undefined,
    t: number,
    nWeeks: number,
  ) {
    const prog = program
      ? {
          start: dayNumber(program.startsOn) * DAY_MS,
          exercises: program.exercises.map((e) => ({
            exerciseId: e.exercise_id,
            frequencyPerWeek: e.frequency_per_week,
          })),
        }
      : null;
    const weeks = weeklyAdherence(sessions, prog, t, nWeeks);
    const lastAt = last == null ? null : new Date(last).getTime();
    const alerts = evaluateAlerts({
      sessions,
      weeks,
      currentWeekStart: mondayStart(t),
      lastSessionAt: lastAt,
      programStart: prog?.start ?? null,
      prescribed: prog ? new Set(prog.exercises.map((x) => x.exerciseId)) : null,
      now: t,
    });
    return { weeks, alerts, lastAt };
  }

  /** One patient's evaluation, to be settled against their open alert episodes. */
  interface Judged {
    patient: { id: number; physioId: number | null; name: string };
    /** Every alert the rules found. */
    alerts: RaisedAlert[];
    /** Whether a found alert may open an episode (a session that just arrived never opens "inactive"). */
    opens?: (a: RaisedAlert) => boolean;
    /**
     * The evaluation read the rules' whole look-back, so an open episode it did not find has resolved. The
     * dashboard reads a shorter window: it may open episodes (what it finds, the full window finds too), never
     * resolve them.
     */
    complete: boolean;
  }

  /**
   * Alert episodes (issue 14: "a new alert notifies the patient's physio at once, once per alert"): an alert
   * that stays open does not notify again; one that is no longer found is resolved, and its next occurrence is a
   * new alert. One read of the open episodes answers the common case (nothing changed) without a transaction;
   * a new episode and its notification are written in one, so the notification exists exactly when the
   * episode does, and two requests racing to open the same episode notify once (the partial unique index).
   */
  async function settle(
    gymId: number,
    judged: Judged[],
    /** The patients' open episodes when the caller read them already. */
    known?: { id: number; patientId: number; type: string }[],
  ) {
    const todo = judged.filter((j) => j.complete || j.alerts.length);
    if (!todo.length) return;
    const open = known ?? (await d.repo.openAlerts(todo.map((j) => j.patient.id)));
    const isOpen = new Set(open.map((r) => `${r.patientId}:${r.type}`));
    const found: { patient: Judged['patient']; alert: RaisedAlert }[] = [];
    const resolved: number[] = [];
    for (const j of todo) {
      for (const alert of j.alerts)
        if (!isOpen.has(`${j.patient.id}:${alert.type}`) && (j.opens?.(alert) ?? true))
          found.push({ patient: j.patient, alert });
      if (!j.complete) continue;
      const still = new Set<string>(j.alerts.map((a) => a.type));
      for (const r of open) if (r.patientId === j.patient.id && !still.has(r.type)) resolved.push(r.id);
    }
    if (!found.length && !resolved.length) return;
    const at = new Date(now());
    if (resolved.length) await d.repo.resolveAlerts(resolved, at);
    if (found.length)
      await d.db.transaction(async (tx) => {
        const opened = await d.repo.openEpisodes(
          found.map((f) => ({
            gymId,
            patientId: f.patient.id,
            type: f.alert.type,
            key: f.alert.key,
            raisedAt: at,
          })),
          tx,
        );
        const isNew = new Set(opened.map((i) => `${i.patientId}:${i.type}`));
        const entries = found
          .filter((f) => isNew.has(`${f.patient.id}:${f.alert.type}`) && f.patient.physioId != null)
          .map((f) => ({
            gymId,
            userId: f.patient.physioId!,
            kind: 'rehab_alert',
            data: { type: f.alert.type, name: f.patient.name, patient_id: f.patient.id },
          }));
        if (entries.length) await d.notify(entries, tx);
      });
    await dashboardPages.invalidate(gymId);
  }

  /**
   * Today's programme of a patient, cached with their progress (same scope, so the same session, programme or
   * record change retires it) as the bytes `serialize` (the route's response serializer) makes of it; the date
   * is in the variant, so a new day builds anew. A hit reads no programme: every change of the active programme
   * (created, changed, ended) retires the scope, so the cached one is still the active one. No active programme
   * is a 404 from the build, never cached. An edit of a clinic exercise's texts shows within the TTL.
   */
  async function cachedProgramToday(
    patient: { gymId: number; id: number },
    serialize: (p: MyProgram) => string,
  ): Promise<JsonPage> {
    return progressPages.get(
      progressScope(patient.gymId, patient.id),
      `program:${todayOf(now())}`,
      async () => {
        const prog = await d.repo.activeProgram(patient.id);
        if (!prog) throw notFound(M.msg('no_active_program'));
        return { json: serialize(await programToday(patient, prog)), total: 1 };
      },
    );
  }

  async function programToday(patient: { gymId: number; id: number }, program: ProgramRow) {
    const t = now();
    const today = todayOf(t);
    const todayN = dayNumber(today);
    const startN = dayNumber(program.startsOn);
    const weekStart = mondayStart(t);
    const rules = program.exercises.flatMap((e) =>
      e.progression ? [{ exerciseId: e.exercise_id, everyDays: e.progression.every_days }] : [],
    );
    const base = await catalogueLoaded();
    const others = program.exercises.map((e) => e.exercise_id).filter((id) => !base.has(id));
    // The progression rule reads one row per exercise and completed period (aggregated in SQL: those periods
    // end by today), and "this week" reads this week's sessions: two years of history stay in the database.
    const [periods, week, exercises] = await Promise.all([
      d.repo.progressionPeriods(patient.gymId, patient.id, startN, new Date(todayN * DAY_MS), rules),
      d.repo.history(patient.gymId, [patient.id], new Date(Math.max(startN * DAY_MS, weekStart))),
      d.repo.exercisesByIds([...new Set(others)]),
    ]);
    const byId = new Map([...base, ...exercises.map((e): [number, ExerciseRow] => [e.id, e])]);
    return {
      date: today,
      program: programDto(program),
      today: program.exercises.map((e) => {
        // A period stands for its sessions: the rule asks only whether it holds one, and its highest pain.
        const every = e.progression?.every_days ?? 1;
        const done = periods
          .filter((r) => r.exerciseId === e.exercise_id)
          .map((r) => ({ day: startN + r.period * every, painAfter: r.maxPain }));
        const dose = progressedDose(e, startN, todayN, done);
        const days = new Set(
          week
            .filter((r) => r.exerciseId === e.exercise_id)
            .map((r) => Math.floor(r.performedAt.getTime() / DAY_MS)),
        );
        const doneToday = days.has(todayN);
        return {
          exercise: exerciseDto(byId.get(e.exercise_id)!),
          sets: e.sets,
          ...dose,
          frequency_per_week: e.frequency_per_week,
          done_this_week: days.size,
          done_today: doneToday,
          due_today: !doneToday && days.size < e.frequency_per_week,
        };
      }),
    } satisfies MyProgram;
  }

  /**
   * What a session's body is checked against before anything is written: not in the future, an exercise the
   * clinic may use (the base catalogue's from the process, a clinic's own from the database).
   */
  async function sessionExercise(gymId: number, body: SessionBody, t: number) {
    const at = new Date(body.performed_at);
    // A little slack for clocks of headsets that run ahead of ours; beyond it the session is in the future.
    if (at.getTime() > t + 60_000) throw invalid('performed_at', M.msg('in_future', { now: new Date(t) }));
    const base = (await catalogueLoaded()).get(body.exercise_id);
    const ex = base ?? (await d.repo.usableExercise(gymId, body.exercise_id));
    if (!ex) throw invalid('exercise_id', M.msg('exercise_not_usable'));
    return { at, ex };
  }

  function sessionValues(
    via: 'patient' | 'staff' | 'device',
    who: { gymId: number; userId: number | null; deviceId: number | null },
    userId: number,
    { at, ex }: { at: Date; ex: ExerciseRow },
    body: SessionBody,
  ): Omit<SessionValues, 'patientId'> {
    return {
      gymId: who.gymId,
      userId,
      exerciseId: ex.id,
      modality: ex.modality,
      performedAt: at,
      setsDone: body.sets_done ?? null,
      repsDone: body.reps_done ?? null,
      durationS: body.duration_s ?? null,
      romDeg: body.range_of_motion_deg ?? null,
      vrScore: body.vr_score ?? null,
      painBefore: body.pain_before ?? null,
      painAfter: body.pain_after ?? null,
      difficulty: body.difficulty ?? null,
      notes: body.notes ?? null,
      clientId: body.client_id ?? null,
      loggedVia: via,
      loggedBy: who.userId,
      deviceId: who.deviceId,
    };
  }

  async function logSession(
    via: 'patient' | 'staff' | 'device',
    who: { gymId: number; userId: number | null; deviceId: number | null },
    patient: { id: number; userId: number; physioId: number | null; name: string },
    body: SessionBody,
  ): Promise<{ session: Session; created: boolean }> {
    const t = now();
    const checked = await sessionExercise(who.gymId, body, t);
    const r = await writeSession({
      values: sessionValues(via, who, patient.userId, checked, body),
      patientId: patient.id,
    });
    // The patient was read by the caller: the record can only be missing if it was erased meanwhile.
    if (!r.row) throw notFound(M.msg('patient_not_found'));
    return { session: sessionDto(r.row), created: r.created };
  }

  /**
   * A patient logs their own session: the fast path checks the body first, then finds the patient and inserts
   * in one statement. When the body is refused, the patient is looked up first as before, so a caller who is no
   * patient still gets that answer rather than the body's.
   */
  async function logOwnSession(
    actor: GymActor,
    b: SessionBody,
  ): Promise<{ session: Session; created: boolean }> {
    const t = now();
    const noPatient = () =>
      isStaff(actor.role)
        ? invalid('patient_id', M.msg('patient_id_required'))
        : notFound(M.msg('not_a_patient'));
    let checked: Awaited<ReturnType<typeof sessionExercise>>;
    try {
      checked = await sessionExercise(actor.gymId, b, t);
    } catch (e) {
      const own = await d.repo.patientRefOfUser(actor.gymId, actor.userId);
      if (!own) throw noPatient();
      if (b.patient_id !== undefined && b.patient_id !== own.id) throw notFound(M.msg('patient_not_found'));
      throw e;
    }
    const who = { gymId: actor.gymId, userId: actor.userId, deviceId: null };
    const { patient, row, created } = await writeSession({
      values: sessionValues('patient', who, actor.userId, checked, b),
      patientId: b.patient_id,
    });
    if (!patient) throw noPatient();
    if (!row) throw notFound(M.msg('patient_not_found'));
    return { session: sessionDto(row), created };
  }

  /**
   * Sessions are written in groups (platform/group-write.ts): those that arrive while a write is under way share
   * the next insert and its commit, and then one alert evaluation, so a clinic's headsets uploading at once cost
   * a few statements per group instead of two per session. An idle server writes each at once. Each stage runs
   * one group at a time, so a patient's evaluations run in the order their sessions were stored and a later one
   * is never overtaken by an earlier, staler one. Two or four lanes of each (by account) were measured and not
   * kept: their groups were smaller, so more statements and commits per session, and both this server and
   * PostgreSQL spent more CPU per session, with a longer tail (bench/RESULTS.md).
   *
   * A session answers once it is committed and its patient's cached pages are retired (a read right after it
   * sees it). Its alert evaluation runs right after, off the request: the one who logs a session waits for
   * nothing the physio's notice needs, and a group's latency is one stage shorter (bench/RESULTS.md). What that
   * costs: the physio's notice may land a few milliseconds after the answer, and if the process dies in between,
   * the evaluation is not lost but late: the patient's next session, the physio's dashboard and any progress
   * read run the same rules on the stored sessions and open what they find. Past `MAX_JUDGING` evaluations
   * waiting, a session waits for its own (memory stays bounded and a flood slows down instead of piling up);
   * `settled()` waits for all of them (the module's close, so a stopping server finishes them).
   */
  interface NewSession {
    gymId: number;
    patient: { id: number; physioId: number | null; name: string };
  }
  // A group that fails is written again row by row only when a row's values were refused: after a lost
  // connection the group may have been committed, and a session without a client id would be stored twice.
  const insertSessions = groupWrite<SessionInsert, SessionInsertResult>(
    (list) => d.repo.insertSessions(list),
    {
      retryAlone: rowAtFault,
    },
  );
  const afterSessions = groupWrite<NewSession, void>((list) => afterSession(list), {
    retryAlone: rowAtFault,
  });
  const judging = new Set<Promise<void>>();
  /** Queues a stored session's alert evaluation; answers its promise when too many are waiting already. */
  function judge(s: NewSession): Promise<void> | undefined {
    const p: Promise<void> = afterSessions(s)
      .catch((err: unknown) =>
        // The message only: a refused row's detail could quote its values.
        d.log.warn(
          { err: { message: (err as Error)?.message }, gym_id: s.gymId },
          'rehab alert evaluation failed; the next session or read of the patient runs it again',
        ),
      )
      .finally(() => judging.delete(p));
    judging.add(p);
    return judging.size > MAX_JUDGING ? p : undefined;
  }
  async function writeSession(s: SessionInsert): Promise<SessionInsertResult> {
    const r = await insertSessions(s);
    if (r.created && r.patient) {
      d.completed.inc({ modality: s.values.modality });
      await d.cache.del(...changedKeys(s.values.gymId, r.patient.id));
      await judge({ gymId: s.values.gymId, patient: r.patient });
    }
    return r;
  }

  /**
   * After new sessions: the alert rules run on each patient's window. The windows are read after the sessions'
   * commit, so of two sessions of one patient written at once, the later evaluation sees both.
   */
  async function afterSession(list: NewSession[]) {
    const t = now();
    const patients = new Map<number, NewSession>();
    for (const s of list) patients.set(s.patient.id, s);
    // Only the sessions the rules can look at (the adherence rule reads the last complete week: the weeks
    // before it never have more prescribed, so it is the last one with something prescribed when any is).
    const windows = await d.repo.alertWindows(
      [...patients.values()].map((s) => ({ gymId: s.gymId, patientId: s.patient.id })),
      new Date(mondayStart(t) - ALERT_LOOKBACK_DAYS * DAY_MS),
      new Date(mondayStart(t) - 7 * DAY_MS),
    );
    const byGym = new Map<
      number,
      { judged: Judged[]; open: { id: number; patientId: number; type: string }[] }
    >();
    for (const s of patients.values()) {
      const w = windows.get(s.patient.id)?.();
      if (!w) continue;
      const e = evaluate(w.history, w.program, w.last, t, ALERT_WEEKS);
      const g = byGym.get(s.gymId) ?? { judged: [], open: [] };
      byGym.set(s.gymId, g);
      // A session that just arrived never opens "inactive": a headset uploading a backlog of old sessions in
      // order would otherwise open (and notify) one per session. Inactivity is opened by the reads (progress,
      // dashboard), from the last session once everything has arrived; a session may close it.
      g.judged.push({
        patient: s.patient,
        alerts: e.alerts,
        opens: (a) => a.type !== 'inactive',
        complete: true,
      });
      g.open.push(...w.open);
    }
    for (const [gymId, g] of byGym) await settle(gymId, g.judged, g.open);
  }

  /** Progress of one patient as of `t` (raising the alerts found), for the progress cache. */
  async function computeProgress(
    gymId: number,
    p: PatientRef,
    t: number,
    nWeeks: number,
    lang: Lang,
  ): Promise<Progress> {
    const lookback = Math.max(ALERT_LOOKBACK_DAYS, nWeeks * 7);
    const { byPatient, program, total, open } = await alertInputs(gymId, [p.id], t, lookback, {
      withCount: true,
      withOpen: true,
    });
    const sessions = byPatient.get(p.id) ?? [];
    const tot = total.get(p.id);
    const e = evaluate(sessions, program.get(p.id), tot?.last, t, nWeeks);
    await settle(gymId, [{ patient: p, alerts: e.alerts, complete: true }], open);
    const recent = sessions.slice(-10);
    const pains = recent.map((s) => s.painAfter ?? s.painBefore).filter((v): v is number => v != null);
    return {
      patient_id: p.id,
      as_of: new Date(t).toISOString(),
      sessions_total: tot?.n ?? 0,
      last_session_at: iso(tot?.last),
      weeks: e.weeks.map((w) => ({
        week: new Date(w.start).toISOString().slice(0, 10),
        prescribed: w.prescribed,
        done: w.done,
        adherence: w.prescribed > 0 ? Math.round((w.done / w.prescribed) * 100) / 100 : null,
        pain_after_mean: w.painAfterMean,
        rom_max_deg: w.romMaxDeg,
        vr_score_mean: w.vrScoreMean,
      })),
      trends: {
        // Dead bands: half a pain point, one degree and one score point per session.
        pain: trend(pains, 0.5 / 3),
        range_of_motion: trend(
          recent.map((s) => s.romDeg).filter((v): v is number => v != null),
          1,
        ),
        vr_score: trend(
          recent.map((s) => s.vrScore).filter((v): v is number => v != null),
          1,
        ),
      },
      alerts: e.alerts.map((a) => alertDto(a, lang)),
    };
  }

  // ---------------------------------------------------------------------------------------------- devices
  function newUserCode() {
    let s = '';
    for (let i = 0; i < 8; i++) s += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  }
  const normaliseCode = (c: string) => c.toUpperCase().replace(/[^A-Z]/g, '');

  async function deviceFromToken(authorization: string | undefined): Promise<DeviceRow> {
    const m = authorization ? /^Bearer +(\S+)$/i.exec(authorization) : null;
    const token = m?.[1];
    if (!token?.startsWith(DEVICE_TOKEN_PREFIX))
      throw new AppError('unauthorized', M.msg('device_token_invalid'), {
        headers: { 'www-authenticate': 'Bearer' },
      });
    const found = await deviceLookup(sha256(token));
    const dev = found?.device;
    if (!dev || dev.patientId == null || dev.gymId == null)
      throw new AppError('unauthorized', M.msg('device_token_invalid'), {
        headers: { 'www-authenticate': 'Bearer' },
      });
    const t = now();
    if (!dev.lastUsedAt || t - dev.lastUsedAt.getTime() > 60_000)
      await d.repo.touchDevice(dev.id, { lastUsedAt: new Date(t) });
    if (found.patient) devicePatients.set(dev, found.patient);
    return dev;
  }

  /**
   * Device tokens are looked up in groups (platform/group-write.ts): a clinic's headsets uploading at once cost
   * one statement per group instead of one per request. A read, so a failed group is simply tried row by row.
   */
  const deviceLookup = groupWrite((hashes: string[]) => d.repo.devicesByTokens(hashes));

  /** The patient read with each authenticated device row, for the same request (dropped with the row). */
  const devicePatients = new WeakMap<DeviceRow, PatientRef>();
  async function devicePatient(dev: DeviceRow) {
    const p = devicePatients.get(dev) ?? (await d.repo.patientRef(dev.gymId!, dev.patientId!));
    if (!p)
      throw new AppError('unauthorized', M.msg('device_token_invalid'), {
        headers: { 'www-authenticate': 'Bearer' },
      });
    return p;
  }

  return {
    /** Loads or refreshes the base catalogue (idempotent; run at start). */
    /** Resolves once every alert evaluation queued so far has run (see `writeSession`). */
    settled: async () => {
      while (judging.size) await Promise.all(judging);
    },
    ensureCatalogue: async () => {
      await catalogueLoaded();
    },

    // -------------------------------------------------------------------------------------------- exercises
    async listExercises(
      gymId: number,
      q: { body_region?: string | undefined; modality?: string | undefined; skip: number; limit: number },
    ) {
      await catalogueLoaded();
      const { rows, total } = await d.repo.listExercises(gymId, q, q);
      return { rows: rows.map(exerciseDto), total };
    },
    async getExercise(gymId: number, id: number): Promise<Exercise> {
      await catalogueLoaded();
      const ex = await d.repo.usableExercise(gymId, id);
      if (!ex) throw notFound(M.msg('exercise_not_found'));
      return exerciseDto(ex);
    },
    async createExercise(actor: GymActor, b: ExerciseBody): Promise<Exercise> {
      return exerciseDto(
        await d.repo.insertExercise(actor.gymId, {
          nameEn: b.name.en,
          nameEs: b.name.es,
          instructionsEn: b.instructions.en,
          instructionsEs: b.instructions.es,
          bodyRegion: b.body_region,
          difficulty: b.difficulty,
          mediaUrl: b.media_url ?? null,
          modality: b.modality,
          measuredBy: b.measured_by,
          contraindications: b.contraindications,
        }),
      );
    },
    async updateExercise(actor: GymActor, id: number, b: ExercisePatchBody): Promise<Exercise> {
      await catalogueLoaded();
      const ex = await d.repo.usableExercise(actor.gymId, id);
      if (!ex) throw notFound(M.msg('exercise_not_found'));
      if (ex.gymId == null) throw refuse('rehab_base_exercise', {});
      return exerciseDto(
        await d.repo.updateExercise(id, {
          ...(b.name ? { nameEn: b.name.en, nameEs: b.name.es } : {}),
          ...(b.instructions ? { instructionsEn: b.instructions.en, instructionsEs: b.instructions.es } : {}),
          ...(b.body_region ? { bodyRegion: b.body_region } : {}),
          ...(b.difficulty ? { difficulty: b.difficulty } : {}),
          ...(b.media_url !== undefined ? { mediaUrl: b.media_url } : {}),
          ...(b.modality ? { modality: b.modality } : {}),
          ...(b.measured_by ? { measuredBy: b.measured_by } : {}),
          ...(b.contraindications ? { contraindications: b.contraindications } : {}),
        }),
      );
    },

    // -------------------------------------------------------------------------------------------- patients
    async createPatient(actor: GymActor, b: PatientBody): Promise<Patient> {
      const role = await d.repo.roleIn(actor.gymId, b.user_id);
      if (!role) throw invalid('user_id', M.msg('not_a_member'));
      await checkPhysio(actor.gymId, b.physio_id);
      const row = await d.repo.insertPatient(actor.gymId, b.user_id, {
        diagnosis: b.diagnosis,
        side: b.side ?? null,
        injuryDate: b.injury_date ?? null,
        surgeryDate: b.surgery_date ?? null,
        physioId: b.physio_id ?? null,
        goals: b.goals ?? null,
      });
      if (!row) {
        const id = await d.repo.patientIdOf(actor.gymId, b.user_id);
        throw refuse('rehab_patient_exists', { id: id ?? 0 });
      }
      const p = (await d.repo.patient(actor.gymId, row.id))!;
      await audit(actor, p, 'patient.create');
      await dashboardPages.invalidate(actor.gymId);
      return patientDto(p);
    },
    async listPatients(
      actor: GymActor,
      q: { status?: string | undefined; physio_id?: number | undefined; skip: number; limit: number },
    ) {
      const { rows, total } = await d.repo.listPatients(actor.gymId, q, q);
      await Promise.all(rows.map((p) => audit(actor, p, 'patient.list')));
      return { rows: rows.map(patientDto), total };
    },
    async getPatient(actor: GymActor, id: number): Promise<Patient> {
      return patientDto(await reachable(actor, id, 'patient.read'));
    },
    async updatePatient(actor: GymActor, id: number, b: PatientPatchBody): Promise<Patient> {
      const p = await reachable(actor, id, 'patient.update');
      await checkPhysio(actor.gymId, b.physio_id);
      await d.repo.updatePatient(actor.gymId, id, p.userId, {
        ...(b.diagnosis !== undefined ? { diagnosis: b.diagnosis } : {}),
        ...(b.side !== undefined ? { side: b.side } : {}),
        ...(b.injury_date !== undefined ? { injuryDate: b.injury_date } : {}),
        ...(b.surgery_date !== undefined ? { surgeryDate: b.surgery_date } : {}),
        ...(b.physio_id !== undefined ? { physioId: b.physio_id } : {}),
        ...(b.goals !== undefined ? { goals: b.goals } : {}),
        ...(b.status !== undefined ? { status: b.status } : {}),
      });
      await changed(actor.gymId, id);
      return patientDto((await d.repo.patient(actor.gymId, id))!);
    },

    // -------------------------------------------------------------------------------------------- programmes
    /** `startsOn` (not part of the API: programmes start the day they are written) lets the demo backdate one. */
    async createProgram(
      actor: GymActor,
      patientId: number,
      b: ProgramBody,
      opts: { startsOn?: string } = {},
    ): Promise<Program> {
      const p = await reachableRef(actor, patientId, 'program.create');
      const exercises = await checkExercises(actor.gymId, b.exercises);
      const t = now();
      const startsOn = opts.startsOn ?? todayOf(t);
      const row = await d.db.transaction((tx) =>
        d.repo.replaceProgram(
          { gymId: actor.gymId, patientId: p.id, startsOn, exercises, createdBy: actor.userId },
          new Date(t),
          tx,
        ),
      );
      await changed(actor.gymId, p.id);
      return programDto(row);
    },
    async listPrograms(actor: GymActor, patientId: number, page: { skip: number; limit: number }) {
      const p = await reachableRef(actor, patientId, 'program.read');
      const { rows, total } = await d.repo.listPrograms(actor.gymId, p.id, page);
      return { rows: rows.map(programDto), total };
    },
    async getProgram(actor: GymActor, patientId: number, programId: number): Promise<Program> {
      const p = await reachableRef(actor, patientId, 'program.read');
      const prog = await d.repo.program(actor.gymId, p.id, programId);
      if (!prog) throw notFound(M.msg('program_not_found'));
      return programDto(prog);
    },
    async updateProgram(
      actor: GymActor,
      patientId: number,
      programId: number,
      b: ProgramPatchBody,
    ): Promise<Program> {
      const p = await reachableRef(actor, patientId, 'program.update');
      const prog = await d.repo.program(actor.gymId, p.id, programId);
      if (!prog) throw notFound(M.msg('program_not_found'));
      if (prog.status !== 'active') throw refuse('rehab_program_ended', {});
      if (!b.exercises && !b.status) throw invalid('exercises', M.msg('program_empty'));
      const exercises = b.exercises ? await checkExercises(actor.gymId, b.exercises) : undefined;
      const row = await d.repo.updateProgram(actor.gymId, prog.id, {
        ...(exercises ? { exercises } : {}),
        ...(b.status === 'ended' ? { status: 'ended', endedAt: new Date(now()) } : {}),
      });
      await changed(actor.gymId, p.id);
      return programDto(row);
    },
    /** The patient's programme of today, as the bytes `serialize` (the route's serializer) makes of it. */
    async myProgramJson(
      actor: { gymId: number; userId: number },
      serialize: (p: MyProgram) => string,
    ): Promise<JsonPage> {
      return cachedProgramToday({ gymId: actor.gymId, id: await ownPatientId(actor) }, serialize);
    },

    // -------------------------------------------------------------------------------------------- sessions
    /** A patient logs their own session; staff log one for a patient of the clinic (`patient_id`). */
    async createSession(actor: GymActor, b: SessionBody) {
      if (isStaff(actor.role) && b.patient_id !== undefined) {
        const p = await reachableRef(actor, b.patient_id, 'session.create');
        return logSession('staff', { gymId: actor.gymId, userId: actor.userId, deviceId: null }, p, b);
      }
      return logOwnSession(actor, b);
    },
    async listSessions(
      actor: GymActor,
      patientId: number,
      q: { from?: string | undefined; to?: string | undefined; skip: number; limit: number },
    ) {
      if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to))
        throw invalid('query.from', M.msg('from_after_to'));
      const p = await reachableRef(actor, patientId, 'sessions.read');
      const { rows, total } = await d.repo.listSessions(
        actor.gymId,
        p.id,
        { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        q,
      );
      return { rows: rows.map(sessionDto), total };
    },

    // -------------------------------------------------------------------------------------------- progress
    /**
     * A patient's progress as the bytes `serialize` (the route's response serializer) makes of it, cached per
     * patient: a hit is sent as it is, neither parsed nor serialised again. The look is audited on every read,
     * cached or not.
     */
    async progressJson(
      actor: GymActor,
      patientId: number,
      nWeeks: number,
      lang: Lang,
      serialize: (p: Progress) => string,
    ): Promise<JsonPage> {
      const { id } = await reachableCached(actor, patientId, 'progress.read');
      const t = now();
      return progressPages.get(
        progressScope(actor.gymId, id),
        `${nWeeks}:${lang}:${staggeredPeriod(id, t, 60_000)}`,
        async () => {
          // The whole record for the build: its physio and name go into the alerts' notifications.
          const p = await d.repo.patientRef(actor.gymId, id);
          if (!p) throw notFound(M.msg('patient_not_found'));
          return { json: serialize(await computeProgress(actor.gymId, p, t, nWeeks, lang)), total: 1 };
        },
      );
    },
    /** Progress computed afresh, not cached (the demo raises the alerts its history shows), audited. */
    async progress(actor: GymActor, patientId: number, nWeeks: number, lang: Lang): Promise<Progress> {
      const p = await reachableRef(actor, patientId, 'progress.read');
      return computeProgress(actor.gymId, p, now(), nWeeks, lang);
    },

    /**
     * The physio's patients (owners and admins: every active or paused patient of the clinic) with adherence,
     * last session, pain trend and open alerts, sorted by need. Cached per caller as serialised pages under the
     * clinic's generation, which every session, alert, patient or programme change retires.
     */
    async dashboardJson(
      actor: GymActor,
      page: { skip: number; limit: number },
      serialize: (rows: unknown[]) => string,
    ): Promise<JsonPage> {
      return dashboardPages.get(actor.gymId, `${actor.userId}:${page.skip}:${page.limit}`, async () => {
        const t = now();
        const patients = await d.repo.dashboardPatients(
          actor.gymId,
          actor.role === 'physio' ? actor.userId : null,
        );
        const ids = patients.map((p) => p.id);
        // Four whole weeks back from this week's Monday: range of motion needs six measurements of an exercise,
        // which two weeks of a twice-a-week programme do not always hold (the alerts would change with the
        // weekday). Shorter than the rules' own look-back, as this reads every patient of the physio at once.
        const { byPatient, program, total } = await alertInputs(actor.gymId, ids, t, DASHBOARD_LOOKBACK_DAYS);
        const judged: Judged[] = [];
        const rows = patients.map((p) => {
          const sessions = byPatient.get(p.id) ?? [];
          const last = total.get(p.id)?.last;
          const e = evaluate(sessions, program.get(p.id), last, t, 2);
          if (e.alerts.length) judged.push({ patient: p, alerts: e.alerts, complete: false });
          const lastWeek = e.weeks[0]!;
          const adherence =
            lastWeek.prescribed > 0 ? Math.round((lastWeek.done / lastWeek.prescribed) * 100) / 100 : null;
          const pains = sessions
            .slice(-6)
            .map((s) => s.painAfter ?? s.painBefore)
            .filter((v): v is number => v != null);
          const daysIdle = e.lastAt == null ? 0 : Math.min(30, (t - e.lastAt) / DAY_MS);
          const need =
            e.alerts.length * 100 + (adherence == null ? 0 : (1 - Math.min(1, adherence)) * 50) + daysIdle;
          return {
            patient_id: p.id,
            user_id: p.userId,
            name: p.name,
            status: p.status,
            physio_id: p.physioId,
            adherence_last_week: adherence,
            last_session_at: e.lastAt == null ? null : new Date(e.lastAt).toISOString(),
            pain_trend: trend(pains, 0.5 / 3),
            alerts: e.alerts.map((a): AlertType => a.type),
            need: Math.round(need * 10) / 10,
          };
        });
        rows.sort((a, b) => b.need - a.need || a.patient_id - b.patient_id);
        await settle(actor.gymId, judged);
        return { json: serialize(rows.slice(page.skip, page.skip + page.limit)), total: rows.length };
      });
    },

    // -------------------------------------------------------------------------------------------- devices
    async authorizeDevice(clientName: string | undefined) {
      const t = now();
      const deviceCode = randomBytes(32).toString('base64url');
      const userCode = newUserCode();
      await d.repo.insertDevice({
        clientName: clientName ?? null,
        deviceCodeHash: sha256(deviceCode),
        userCodeHash: sha256(normaliseCode(userCode)),
        status: 'pending',
        intervalS: POLL_INTERVAL_S,
        expiresAt: new Date(t + DEVICE_CODE_TTL_S * 1000),
        createdAt: new Date(t),
      });
      const uri = `${d.publicUrl}/rehab/pair`;
      return {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: uri,
        verification_uri_complete: `${uri}?user_code=${userCode}`,
        expires_in: DEVICE_CODE_TTL_S,
        interval: POLL_INTERVAL_S,
      };
    },

    /**
     * The patient confirms (or refuses) the code their device shows. Wrong codes count per person; past
     * CODE_ATTEMPTS in the window every try is refused (429) before the code is looked at, so guessing
     * 34-bit codes is out of reach (the route adds a per-IP limit).
     */
    async confirmDevice(actor: GymActor, userCode: string, approve: boolean): Promise<Device> {
      const key = `rehab:code-fail:${actor.userId}`;
      const tries = await d.cache.count(key);
      if (tries.count >= CODE_ATTEMPTS)
        throw new AppError('rate_limited', M.msg('code_attempts', { seconds: tries.ttl }), {
          headers: { 'retry-after': String(tries.ttl) },
        });
      const p = await ownPatient(actor);
      const t = now();
      const dev = await d.repo.pendingByUserCode(sha256(normaliseCode(userCode)), new Date(t));
      if (!dev) {
        await d.cache.incr(key, CODE_WINDOW_S);
        throw invalid('user_code', M.msg('user_code_unknown'));
      }
      const moved = await d.repo.moveDevice(dev.id, 'pending', {
        status: approve ? 'approved' : 'denied',
        gymId: actor.gymId,
        patientId: p.id,
        userId: actor.userId,
        approvedAt: approve ? new Date(t) : null,
      });
      if (!moved) throw invalid('user_code', M.msg('user_code_unknown'));
      return deviceDto(moved);
    },

    /** The token endpoint (RFC 8628 §3.4–3.5). */
    async deviceToken(deviceCode: string): Promise<TokenAnswer> {
      const t = now();
      const dev = await d.repo.deviceByCode(sha256(deviceCode));
      if (!dev || dev.status === 'active' || dev.status === 'revoked')
        return { ok: false, error: 'invalid_grant' };
      if (dev.status === 'denied') return { ok: false, error: 'access_denied' };
      if (dev.expiresAt.getTime() < t) return { ok: false, error: 'expired_token' };
      if (dev.status === 'pending') {
        // §3.5: a client polling faster than the interval is told to slow down, and the interval grows by 5 s.
        if (dev.lastPollAt && t - dev.lastPollAt.getTime() < dev.intervalS * 1000) {
          const interval = dev.intervalS + 5;
          await d.repo.touchDevice(dev.id, { lastPollAt: new Date(t), intervalS: interval });
          return { ok: false, error: 'slow_down', interval };
        }
        await d.repo.touchDevice(dev.id, { lastPollAt: new Date(t) });
        return { ok: false, error: 'authorization_pending' };
      }
      const token = DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const moved = await d.repo.moveDevice(dev.id, 'approved', {
        status: 'active',
        tokenHash: sha256(token),
        lastPollAt: new Date(t),
      });
      if (!moved) return { ok: false, error: 'invalid_grant' };
      return {
        ok: true,
        token: {
          access_token: token,
          token_type: 'Bearer',
          scope: DEVICE_SCOPE,
          patient_id: moved.patientId!,
          device_id: moved.id,
        },
      };
    },

    async listDevices(actor: GymActor, page: { skip: number; limit: number }) {
      const { rows, total } = await d.repo.listDevices(actor.gymId, actor.userId, page);
      return { rows: rows.map(deviceDto), total };
    },
    async revokeDevice(actor: GymActor, id: number) {
      const r = await d.repo.revokeDevice(actor.gymId, actor.userId, id, new Date(now()));
      if (!r) throw notFound(M.msg('device_not_found'));
    },

    /** What a paired device may do, and nothing else: read its patient's programme, log its patient's sessions. */
    authenticateDevice: deviceFromToken,
    async deviceProgramJson(dev: DeviceRow, serialize: (p: MyProgram) => string): Promise<JsonPage> {
      return cachedProgramToday(await devicePatient(dev), serialize);
    },
    async deviceSession(dev: DeviceRow, b: SessionBody) {
      const p = await devicePatient(dev);
      if (b.patient_id !== undefined && b.patient_id !== p.id) throw notFound(M.msg('patient_not_found'));
      return logSession('device', { gymId: dev.gymId!, userId: null, deviceId: dev.id }, p, b);
    },

    // -------------------------------------------------------------------------------------------- access log
    async accessLog(actor: GymActor, page: { skip: number; limit: number }) {
      const id = await d.repo.patientIdOf(actor.gymId, actor.userId);
      if (id === undefined) return { rows: [], total: 0 };
      const { rows, total } = await d.repo.accessLog(actor.gymId, id, page);
      return {
        rows: rows.map((r) => ({
          at: r.at.toISOString(),
          actor_id: r.actorId,
          actor_name: r.actorName,
          actor_role: r.actorRole,
          action: r.action,
        })),
        total,
      };
    },

    /** Account export and erasure: every rehabilitation row of the person goes with the account (FK cascade). */
    userData(): UserDataContributor {
      return {
        name: 'rehab',
        /** Once the account is gone, nothing cached may still say the record exists. */
        async beforeErase(userId, tx) {
          const mine = await d.repo.patientsOfUser(userId, tx);
          if (!mine.length) return;
          return () =>
            d.cache.del(
              ...mine.flatMap((p) => [
                progressPages.generationKey(progressScope(p.gymId, p.id)),
                ownPages.generationKey(ownScope(p.gymId, userId)),
              ]),
            );
        },
        async export(userId, tx) {
          const [patients, sessions, devices, accessLog] = await Promise.all([
            d.repo.patientsOfUser(userId, tx),
            d.repo.sessionsOfUser(userId, tx),
            d.repo.devicesOfUser(userId, tx),
            d.repo.accessLogOfUser(userId, tx),
          ]);
          return {
            patients: patients.map((p) => ({
              id: p.id,
              gym_id: p.gymId,
              diagnosis: p.diagnosis,
              side: p.side,
              injury_date: p.injuryDate ?? null,
              surgery_date: p.surgeryDate ?? null,
              goals: p.goals ?? null,
              status: p.status,
              physio_id: p.physioId,
            })),
            sessions: sessions.map(sessionDto),
            devices: devices.map(deviceDto),
            access_log: accessLog.map((a) => ({
              at: a.at.toISOString(),
              actor_id: a.actorId,
              action: a.action,
            })),
          };
        },
      };
    },

    /** Test and benchmark hook: the dashboards of a gym are rebuilt on their next read. */
    invalidateDashboards: (gymId: number) => dashboardPages.invalidate(gymId),
  };
}

export type RehabService = ReturnType<typeof createRehabService>;
