import type { DemoContext } from '../../platform/module.js';
import type { RehabService } from './service.js';

/**
 * Demo rehabilitation data in the demo gym (the clinic side): its physio treats two members (a knee after ACL
 * reconstruction and a shoulder with rotator-cuff tendinopathy), each with a programme that started four weeks
 * ago and four weeks of sessions. The second patient's pain rises, her range of motion goes backwards and her
 * sessions stop six days ago, so the dashboard has an open alert to sort first. Deterministic, dated back from
 * the seeding clock. Sessions are logged oldest first, as a clinic would have; at the end the physio opens both
 * records once, as after a day at the clinic (the patients then see that look in their access log).
 */
export async function seedRehabDemo(s: RehabService, demo: DemoContext) {
  await s.ensureCatalogue();
  const physio = demo.people.find((p) => p.role === 'physio');
  const [, knee, shoulder] = demo.memberIds;
  if (!physio || knee === undefined || shoulder === undefined) return;
  const actor = { gymId: demo.gymId, userId: physio.id, role: 'physio' as const, ip: '127.0.0.1' };
  const { rows: catalogue } = await s.listExercises(demo.gymId, { skip: 0, limit: 100 });
  const id = (en: string) => catalogue.find((e) => e.name.en === en)?.id ?? catalogue[0]!.id;
  const day = 86_400_000;
  const startsOn = new Date(demo.now - 28 * day).toISOString().slice(0, 10);

  const kneePatient = await s.createPatient(actor, {
    user_id: knee,
    diagnosis: 'ACL reconstruction (hamstring graft), week 6',
    side: 'left',
    surgery_date: startsOn,
    physio_id: physio.id,
    goals: 'Return to running at 4 months',
  });
  const shoulderPatient = await s.createPatient(actor, {
    user_id: shoulder,
    diagnosis: 'Rotator cuff tendinopathy',
    side: 'right',
    physio_id: physio.id,
    goals: 'Overhead work without pain',
  });
  const kneeEx = [id('Straight-leg raise'), id('Heel slide'), id('VR knee flexion game')];
  const shoulderEx = [id('External rotation with band'), id('VR reach targets')];
  // Backdated to the start of the history, so adherence counts the four weeks.
  await s.createProgram(
    actor,
    kneePatient.id,
    {
      exercises: kneeEx.map((exercise_id) => ({
        exercise_id,
        sets: 3,
        reps: 10,
        frequency_per_week: 5,
        progression: { applies_to: 'reps', increase_percent: 10, every_days: 7, while_pain_at_most: 3 },
      })),
    },
    { startsOn },
  );
  await s.createProgram(
    actor,
    shoulderPatient.id,
    {
      exercises: shoulderEx.map((exercise_id) => ({ exercise_id, sets: 3, reps: 12, frequency_per_week: 4 })),
    },
    { startsOn },
  );
  for (let k = 27; k >= 0; k--) {
    const at = demo.now - k * day - 3 * 3_600_000;
    if (k % 7 !== 6)
      for (const [i, exercise_id] of kneeEx.entries())
        await s.createSession(actor, {
          patient_id: kneePatient.id,
          exercise_id,
          performed_at: new Date(at + i * 600_000).toISOString(),
          sets_done: 3,
          reps_done: 10 + Math.floor((27 - k) / 7),
          range_of_motion_deg: i === 1 || i === 2 ? 70 + (27 - k) * 1.5 : undefined,
          vr_score: i === 2 ? 55 + (27 - k) : undefined,
          pain_before: 3,
          pain_after: k > 14 ? 3 : 2,
          client_id: `demo-knee-${k}-${i}`,
        });
    if (k >= 5 && k % 2 === 0)
      for (const [i, exercise_id] of shoulderEx.entries())
        await s.createSession(actor, {
          patient_id: shoulderPatient.id,
          exercise_id,
          performed_at: new Date(at + i * 600_000).toISOString(),
          sets_done: 3,
          reps_done: 12,
          range_of_motion_deg: i === 1 ? 150 - Math.max(0, 15 - k) * 2 : undefined,
          pain_before: 2,
          pain_after: Math.min(8, 2 + Math.floor((27 - k) / 5)),
          client_id: `demo-shoulder-${k}-${i}`,
        });
  }
  // Inactivity and weekly adherence are raised by reads; this one raises what the history shows as of today.
  for (const p of [kneePatient, shoulderPatient]) await s.progress(actor, p.id, 4, 'en');
}
