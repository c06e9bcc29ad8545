/**
 * Problems in the request's language: generic titles, Zod issues (translated by code when the answer is written),
 * contract refinements, service error details; with Content-Language and Vary: Accept-Language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  registerUser,
  type TestApp,
  type TestUser,
} from '../harness.js';

const ES = { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' };

let t: TestApp;
let owner: TestUser;
let gymId: number;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerUser(t.app, { name: 'I18n Owner', ip: '10.77.0.1' });
  gymId = await createGym(t.app, owner, 'I18n Gym');
});
afterAll(() => t.close());

const expectSpanish = (res: { headers: Record<string, unknown> }) => {
  expect(res.headers['content-language']).toBe('es');
  expect(String(res.headers.vary)).toMatch(/accept-language/i);
};

describe('problems follow Accept-Language', () => {
  it('translates Zod issues by code, per field, and the title', async () => {
    const body = { name: '', timezone: 'UTC', cancellation_cutoff_min: 20_000, colour: 'red' };
    const es = await call(t.app, 'POST', '/api/v1/gyms', { token: owner.token, body, headers: ES });
    const p = expectProblem(es, 422);
    expectSpanish(es);
    expect(p.title).toBe('Datos no válidos');
    const by = Object.fromEntries(p.errors!.map((e) => [e.field, e.message]));
    expect(by.colour).toBe('Campo desconocido');
    const en = expectProblem(await call(t.app, 'POST', '/api/v1/gyms', { token: owner.token, body }), 422);
    expect(en.title).toBe('Validation failed');
    const enBy = Object.fromEntries(en.errors!.map((e) => [e.field, e.message]));
    expect(enBy.colour).toBe('Unknown field');
    // Same fields in both languages, different words.
    expect(Object.keys(by).sort()).toEqual(Object.keys(enBy).sort());
    expect(by.name).toBe('Debe tener al menos 1 carácter');
    expect(enBy.name).toBe('Must have at least 1 character');
    // The bound is formatted by Intl, not pasted: "10.080" in Spanish, "10,080" in English.
    expect(by.cancellation_cutoff_min).toBe('Debe ser como máximo 10.080');
    expect(enBy.cancellation_cutoff_min).toBe('Must be at most 10,080');
    expect(p.detail).toContain('colour: Campo desconocido');
  });

  it('says "required" and "an integer" in Spanish (Zod 4 reports both as invalid_type)', async () => {
    const reg = expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/register', {
        body: { email: 'nope', name: 'x' },
        headers: ES,
        ip: '10.77.0.2',
      }),
      422,
    );
    expect(reg.errors).toEqual([
      { field: 'email', message: 'Debe ser una dirección de correo electrónico' },
      { field: 'password', message: 'Obligatorio' },
    ]);
    const int = expectProblem(
      await call(t.app, 'POST', '/api/v1/gyms', {
        token: owner.token,
        body: { name: 'x', cancellation_cutoff_min: 1.5 },
        headers: ES,
      }),
      422,
    );
    expect(int.errors).toEqual([
      { field: 'cancellation_cutoff_min', message: 'Se esperaba un número entero' },
    ]);
  });

  it('translates a contract refinement named in params.msg (unknown time zone, nothing to change)', async () => {
    const tz = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', {
        token: owner.token,
        gym: gymId,
        body: { timezone: 'Mars/Olympus' },
        headers: ES,
      }),
      422,
    );
    expect(tz.errors).toEqual([{ field: 'timezone', message: 'Zona horaria IANA desconocida' }]);
    const none = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/gyms/current', {
        token: owner.token,
        gym: gymId,
        body: {},
        headers: ES,
      }),
      422,
    );
    expect(none.errors![0]!.message).toBe('Indica al menos un campo que cambiar');
  });

  it('translates service error details and access errors', async () => {
    const nf = await call(t.app, 'GET', `/api/v1/members/${owner.id + 1_000_000}`, {
      token: owner.token,
      gym: gymId,
      headers: ES,
    });
    const p = expectProblem(nf, 404);
    expectSpanish(nf);
    expect(p.title).toBe('No encontrado');
    expect(p.detail).toBe('Socio no encontrado');
    const en = expectProblem(
      await call(t.app, 'GET', `/api/v1/members/${owner.id + 1_000_000}`, { token: owner.token, gym: gymId }),
      404,
    );
    expect(en.detail).toBe('Member not found');

    const header = expectProblem(
      await call(t.app, 'GET', '/api/v1/members', { token: owner.token, gym: 'x', headers: ES }),
      400,
    );
    expect(header.detail).toBe('X-Gym-ID debe ser un entero positivo');
    const noToken = await call(t.app, 'GET', '/api/v1/users/me', { headers: ES });
    expect(expectProblem(noToken, 401).detail).toBe('Falta el token bearer');
    expect(expectProblem(await call(t.app, 'GET', '/api/v1/nada', { headers: ES }), 404).detail).toBe(
      'No hay ninguna ruta para GET /api/v1/nada',
    );
  });

  it('answers in English without Accept-Language, and in English for a language it does not have', async () => {
    const res = await call(t.app, 'GET', '/api/v1/users/me', { headers: { 'accept-language': 'de-DE' } });
    expect(expectProblem(res, 401).detail).toBe('Missing bearer token');
    expect(res.headers['content-language']).toBe('en');
  });
});
