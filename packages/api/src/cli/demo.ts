import type { Role } from '@pulso/contracts';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Services } from '../services.js';
import type { DemoContext } from '../platform/module.js';

export const DEMO_PASSWORD = 'pulso-demo-2026';

const PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: 'owner@demo.pulso.example', name: 'Olivia Owner', role: 'owner' },
  { email: 'admin@demo.pulso.example', name: 'Adrián Admin', role: 'admin' },
  { email: 'trainer@demo.pulso.example', name: 'Teresa Trainer', role: 'trainer' },
  { email: 'physio@demo.pulso.example', name: 'Pablo Physio', role: 'physio' },
  { email: 'member1@demo.pulso.example', name: 'Marta Member', role: 'member' },
  { email: 'member2@demo.pulso.example', name: 'Mateo Member', role: 'member' },
  { email: 'member3@demo.pulso.example', name: 'Lucía Member', role: 'member' },
];

/** The account that holds the running demo data. */
export const RUNNER_EMAIL = 'member1@demo.pulso.example';

/**
 * "Demo Gym" with one person per role and three members, all with the same demo password; then every module
 * adds its own demo data in that gym (its `demo` in src/modules/<m>/index.ts).
 */
export async function seedDemo(s: Services) {
  // Every date comes from the services' clock, so a test (or a demo for another day) sets "today".
  const now = s.clock();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: number[] = [];
  for (const p of PEOPLE) {
    const existing = await s.accounts.repo.findByEmail(p.email);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const { id } = await s.accounts.repo.insert({ email: p.email, name: p.name, passwordHash });
    // Their addresses are under example (RFC 2606): no confirmation link could ever reach them, and without a
    // confirmed e-mail they could not accept an invitation to another gym (the README's tour invites them).
    await s.accounts.repo.update(id, { emailVerifiedAt: new Date(now) });
    ids.push(id);
  }
  const gym = await s.gyms.create(ids[0]!, { name: 'Demo Gym', timezone: 'Europe/Madrid' }, '127.0.0.1');
  for (let i = 1; i < PEOPLE.length; i++) {
    await s.gyms.repo.insertMember(gym.id, ids[i]!, PEOPLE[i]!.role);
  }
  await s.principals.invalidate(...ids);
  const people = PEOPLE.map((p, i) => ({ ...p, id: ids[i]! }));
  const demo: DemoContext = {
    gymId: gym.id,
    ownerId: ids[0]!,
    trainerId: people.find((p) => p.role === 'trainer')!.id,
    // RUNNER_EMAIL is the first member: modules that need one athlete take the first.
    memberIds: people.filter((p) => p.role === 'member').map((p) => p.id),
    people,
    now,
  };
  await s.seedModules(demo);
  return { gymId: gym.id, people: PEOPLE, password: DEMO_PASSWORD, runner: RUNNER_EMAIL };
}

export function printDemo(demo: Awaited<ReturnType<typeof seedDemo>>) {
  console.log(
    `\n  Demo data created: "Demo Gym" (X-Gym-ID: ${demo.gymId}). Every account's password: ${demo.password}`,
  );
  for (const p of demo.people) console.log(`    ${p.role.padEnd(8)} ${p.email}`);
  console.log(`  Running demo athlete (workouts, HRV, overtraining): ${demo.runner}`);
  console.log('  Change or delete these accounts before you let anyone else reach this server.\n');
}
