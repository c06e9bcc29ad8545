/** Domain refusals (platform/problems.ts): one problem type per reason, translated, and published. */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOpenApi } from '../../src/platform/openapi.js';
import { MODULES } from '../../src/modules/index.js';
import { reasonIds, reasonOf } from '../../src/platform/problems.js';
import { addDays, mondayOf, todayOf } from '../../src/modules/training/domain/dates.js';
import {
  addMember,
  call,
  createGym,
  createTestApp,
  expectProblem,
  PASSWORD,
  registerUser,
  testNow,
  uniqueEmail,
  verifyEmail,
  type TestApp,
  type TestUser,
} from '../harness.js';
import { book, createClass, dayFromNow, sessionOn } from '../modules/schedule/helpers.js';

const LANGS = ['en', 'es'] as const;
// Every module's reasons are registered when its code is loaded.
expect(MODULES.length).toBeGreaterThan(0);
const ids = reasonIds();
type ReasonId = string;
const renderReason = (id: string, params: unknown, lang: 'en' | 'es') => reasonOf(id)!.render(params, lang);

describe('the registry of reasons', () => {
  it.each(ids)('%s has a status, and a title and detail in English and Spanish that differ', (id) => {
    const r = reasonOf(id)!;
    expect([403, 404, 409, 422]).toContain(r.status);
    const texts = LANGS.map((lang) => renderReason(id, r.example, lang));
    for (const t of texts) {
      expect(t.title.trim()).not.toBe('');
      expect(t.detail.trim()).not.toBe('');
    }
    // A reason whose Spanish was left as the English copy fails here.
    expect(texts[1]!.title).not.toBe(texts[0]!.title);
    expect(texts[1]!.detail).not.toBe(texts[0]!.detail);
  });

  it('formats the values a detail quotes for the language (Intl)', () => {
    const p = { kind: 'session' as const, startsAt: new Date(Date.UTC(2026, 2, 2, 18, 30)) };
    expect(renderReason('attendance_too_early', p, 'en').detail).toMatch(/March 2, 2026.*06:30\sPM\sUTC/);
    expect(renderReason('attendance_too_early', p, 'es').detail).toMatch(
      /inicio de la sesión \(2 de marzo de 2026.*18:30\sUTC\)/,
    );
    expect(
      renderReason(
        'capacity_below_bookings',
        { kind: 'event', booked: 1200, capacity: 1000, moved: 200 },
        'es',
      ).detail,
    ).toMatch(/^Este evento tiene 1200 plazas ocupadas; un aforo de 1000 pasa 200/);
    expect(
      renderReason(
        'capacity_below_bookings',
        { kind: 'event', booked: 1200, capacity: 1000, moved: 200 },
        'en',
      ).detail,
    ).toMatch(/^1,200 places of this event are taken/);
    expect(
      renderReason(
        'last_owner',
        {
          gyms: [
            { id: 1, name: 'A' },
            { id: 2, name: 'B' },
          ],
        },
        'es',
      ).detail,
    ).toContain('"A" (id 1) y "B" (id 2)');
  });

  it('is published in the OpenAPI document: every code in the enum, every reason in x-problem-types', async () => {
    const a = Fastify();
    await registerOpenApi(a, { version: 'test' });
    await a.ready();
    const doc = a.swagger() as unknown as {
      components: {
        schemas: {
          Problem: {
            properties: { code: { enum: string[] } };
            'x-problem-types': {
              type: string;
              code: string;
              status: number;
              title: { en: string; es: string };
            }[];
          };
        };
      };
    };
    const problem = doc.components.schemas.Problem;
    expect(problem.properties.code.enum).toEqual(expect.arrayContaining([...ids, 'conflict', 'not_found']));
    expect(problem['x-problem-types'].map((x) => x.code)).toEqual(ids);
    expect(problem['x-problem-types'].find((x) => x.code === 'already_booked')).toEqual({
      type: 'urn:pulso:problem:already-booked',
      code: 'already_booked',
      status: 409,
      title: { en: 'Already booked', es: 'Ya reservado' },
      example: {
        en: 'Already reserved: this person already has a place or waitlist entry for this session',
        es: 'Ya reservado: esta persona ya tiene plaza o puesto en la lista de espera de la sesión',
      },
    });
    await a.close();
  });
});

describe('real refusals carry their reason, in the language asked', () => {
  let t: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let gymId: number;
  let sessionId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t.app, { name: 'Owner' });
    gymId = await createGym(t.app, owner);
    admin = await registerUser(t.app, { name: 'Admin' });
    member = await registerUser(t.app, { name: 'Member' });
    await addMember(t.app, owner, gymId, admin, 'admin');
    await addMember(t.app, owner, gymId, member, 'member');
    const date = dayFromNow(3);
    const cls = await createClass(t.app, owner, gymId, { start_date: date, end_date: date });
    sessionId = (await sessionOn(t.app, owner, gymId, cls.id, date)).id;
    expect((await book(t.app, member, gymId, sessionId)).statusCode).toBe(201);
    const category = { name: 'Cardio', color: '#ff0000' };
    const first = await call(t.app, 'POST', '/api/v1/schedule/categories', {
      token: owner.token,
      gym: gymId,
      body: category,
    });
    expect(first.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const raceDate = () => addDays(mondayOf(todayOf(testNow())), 12 * 7 + 6);
  const taken = uniqueEmail('taken');
  const unverified = { token: '' };

  /** Each case: the request (sent twice when the first one sets up the conflict), and the answer expected. */
  const cases: {
    id: ReasonId;
    status: number;
    title: { en: string; es: string };
    detail: { en: RegExp; es: RegExp };
    send: (lang: string) => ReturnType<typeof call>;
  }[] = [
    {
      id: 'already_booked',
      status: 409,
      title: { en: 'Already booked', es: 'Ya reservado' },
      detail: { en: /waitlist entry for this session$/, es: /lista de espera de la sesión$/ },
      send: (lang) =>
        call(t.app, 'POST', `/api/v1/schedule/sessions/${sessionId}/bookings`, {
          token: member.token,
          gym: gymId,
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'category_name_taken',
      status: 409,
      title: { en: 'Category name taken', es: 'Nombre de categoría en uso' },
      detail: { en: /already has a category with that name/, es: /ya tiene una categoría con ese nombre/ },
      send: (lang) =>
        call(t.app, 'POST', '/api/v1/schedule/categories', {
          token: owner.token,
          gym: gymId,
          body: { name: 'Cardio', color: '#00ff00' },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'last_owner',
      status: 409,
      title: { en: 'Last owner', es: 'Último propietario' },
      detail: { en: /must keep at least one owner/, es: /debe conservar al menos un propietario/ },
      send: (lang) =>
        call(t.app, 'DELETE', `/api/v1/members/${owner.id}`, {
          token: owner.token,
          gym: gymId,
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'owner_only',
      status: 403,
      title: { en: 'Only an owner can do this', es: 'Solo un propietario puede hacerlo' },
      detail: {
        en: /^Only an owner can make someone an owner$/,
        es: /^Solo un propietario puede hacer propietario/,
      },
      send: (lang) =>
        call(t.app, 'PATCH', `/api/v1/members/${member.id}`, {
          token: admin.token,
          gym: gymId,
          body: { role: 'owner' },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'self_only',
      status: 403,
      title: { en: 'Members act only for themselves', es: 'Los socios solo actúan por sí mismos' },
      detail: {
        en: /^Members can only book for themselves$/,
        es: /^Un socio solo puede reservar para sí mismo$/,
      },
      send: (lang) =>
        call(t.app, 'POST', `/api/v1/schedule/sessions/${sessionId}/bookings`, {
          token: member.token,
          gym: gymId,
          body: { user_id: admin.id },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'email_unverified',
      status: 403,
      title: { en: 'E-mail not confirmed', es: 'Correo electrónico sin confirmar' },
      detail: { en: /^Confirm your e-mail first/, es: /^Confirma primero tu correo electrónico/ },
      send: async (lang) => {
        unverified.token ||= (await registerUser(t.app)).token;
        return call(t.app, 'GET', '/api/v1/users/me/invitations', {
          token: unverified.token,
          headers: { 'accept-language': lang },
        });
      },
    },
    {
      id: 'email_taken',
      status: 409,
      title: { en: 'E-mail already registered', es: 'Correo electrónico ya registrado' },
      detail: {
        en: /^An account with this e-mail already exists$/,
        es: /^Ya existe una cuenta con este correo/,
      },
      send: (lang) =>
        call(t.app, 'POST', '/api/v1/auth/register', {
          body: { email: taken, password: PASSWORD, name: 'Twin' },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'plan_exists',
      status: 409,
      title: { en: 'Training plan exists', es: 'Ya hay un plan de entrenamiento' },
      detail: { en: /^A training plan already exists/, es: /^Ya existe un plan de entrenamiento/ },
      send: (lang) =>
        call(t.app, 'POST', '/api/v1/training/plan', {
          token: owner.token,
          body: {
            goal_distance_km: 21.0975,
            race_date: raceDate(),
            days_per_week: 4,
            long_run_day: 'sunday',
          },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'reference_needed',
      status: 422,
      title: { en: 'Reference performance needed', es: 'Falta una marca de referencia' },
      detail: { en: /^A reference performance is needed/, es: /^Hace falta una marca de referencia/ },
      // The owner has recorded no workout, so there is nothing to predict from.
      send: (lang) =>
        call(t.app, 'POST', '/api/v1/race/predict', {
          token: owner.token,
          body: { distance_km: 10 },
          headers: { 'accept-language': lang },
        }),
    },
    {
      id: 'max_hr_needed',
      status: 422,
      title: { en: 'Maximum heart rate needed', es: 'Falta la frecuencia cardiaca máxima' },
      detail: { en: /^max_hr or birth_date is needed/, es: /^hace falta max_hr o birth_date/ },
      send: (lang) =>
        call(t.app, 'GET', '/api/v1/training/intensity-zones', {
          token: owner.token,
          headers: { 'accept-language': lang },
        }),
    },
  ];

  it.each(cases)('$id', async (c) => {
    // The requests that conflict only with themselves set the state up once.
    if (c.id === 'email_taken' || c.id === 'plan_exists') {
      const first = await c.send('en');
      if (first.statusCode !== 409) expect(first.statusCode, first.body).toBe(201);
    }
    for (const lang of LANGS) {
      const res = await c.send(lang);
      const p = expectProblem(res, c.status) as ReturnType<typeof expectProblem> & { code?: string };
      expect(p.type).toBe(`urn:pulso:problem:${c.id.replaceAll('_', '-')}`);
      expect(p.code).toBe(c.id);
      expect(p.title).toBe(c.title[lang]);
      expect(p.detail).toMatch(c.detail[lang]);
      if (c.status === 422) expect(p.errors?.length).toBe(1);
      expect(res.headers['content-language']).toBe(lang);
      expect(String(res.headers.vary)).toMatch(/Accept-Language/i);
    }
  });

  it('serves the list at /api/v1/problem-types, the same as the OpenAPI document publishes', async () => {
    const res = await call(t.app, 'GET', '/api/v1/problem-types');
    expect(res.statusCode).toBe(200);
    const list = res.json<{ code: string; status: number; type: string }[]>();
    expect(list.map((x) => x.code)).toEqual(ids);
    expect(list.find((x) => x.code === 'plan_exists')).toMatchObject({
      type: 'urn:pulso:problem:plan-exists',
      status: 409,
    });
    const doc = (await call(t.app, 'GET', '/openapi.json')).json<{
      components: { schemas: { Problem: { 'x-problem-types': unknown } } };
    }>();
    expect(list).toEqual(doc.components.schemas.Problem['x-problem-types']);
  });

  it('leaves generic refusals generic: a missing role is still forbidden', async () => {
    const res = await call(t.app, 'POST', '/api/v1/schedule/categories', {
      token: member.token,
      gym: gymId,
      body: { name: 'Yoga', color: '#0000ff' },
    });
    const p = expectProblem(res, 403) as ReturnType<typeof expectProblem> & { code?: string };
    expect(p.type).toBe('urn:pulso:problem:forbidden');
    expect(p.code).toBe('forbidden');
  });

  it('answers a confirmed e-mail with its invitations (the 403 above is the rule, not a broken route)', async () => {
    const u = await registerUser(t.app);
    await verifyEmail(t.app, u);
    const res = await call(t.app, 'GET', '/api/v1/users/me/invitations', { token: u.token });
    expect(res.statusCode).toBe(200);
  });
});
