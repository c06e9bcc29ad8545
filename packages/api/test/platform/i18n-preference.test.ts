/**
 * A user's saved language (`PATCH /users/me {language}`) decides the language of what the API answers them and
 * mails them, over Accept-Language; without one, and for anonymous requests, Accept-Language decides.
 */
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { langOf } from '../../src/platform/i18n.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import {
  call,
  createGym,
  createTestApp,
  expectProblem,
  mailsTo,
  registerUser,
  uniqueEmail,
  waitFor,
  type TestApp,
  type TestUser,
} from '../harness.js';

const EN = { 'accept-language': 'en-GB,en;q=0.9' };
const ES = { 'accept-language': 'es-ES,es;q=0.9' };
// A body POST /gyms refuses with a 422: its title and field message are translated.
const BAD_GYM = { name: '', colour: 'red' };

let t: TestApp;
let ip = 0;
const nextIp = () => `10.78.0.${++ip}`;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function setLanguage(u: TestUser, language: unknown) {
  return call(t.app, 'PATCH', '/api/v1/users/me', { token: u.token, body: { language }, ip: nextIp() });
}

describe('PATCH /users/me language', () => {
  it('is null until set, then shown by GET /users/me at once (the cached principal is invalidated)', async () => {
    const u = await registerUser(t.app, { ip: nextIp() });
    const before = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(before.json<{ language: unknown }>().language).toBeNull();
    // The principal is cached now; the change must not wait for its TTL.
    const set = await setLanguage(u, 'es');
    expect(set.statusCode).toBe(200);
    expect(set.json<{ language: unknown }>().language).toBe('es');
    const after = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(after.json<{ language: unknown }>().language).toBe('es');
    // …and the next translated answer uses it, though the header asks for English.
    const p = expectProblem(
      await call(t.app, 'POST', '/api/v1/gyms', { token: u.token, body: BAD_GYM, headers: EN }),
      422,
    );
    expect(p.title).toBe('Datos no válidos');

    const cleared = await setLanguage(u, null);
    expect(cleared.json<{ language: unknown }>().language).toBeNull();
    const again = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect(again.json<{ language: unknown }>().language).toBeNull();
    const en = expectProblem(
      await call(t.app, 'POST', '/api/v1/gyms', { token: u.token, body: BAD_GYM, headers: EN }),
      422,
    );
    expect(en.title).toBe('Validation failed');
  });

  it.each([['fr'], ['ES'], [''], [5], [['es']]])(
    'refuses %j with a 422 on `language` that lists the accepted values',
    async (language) => {
      const u = await registerUser(t.app, { ip: nextIp() });
      const p = expectProblem(await setLanguage(u, language), 422);
      const err = p.errors?.find((e) => e.field === 'language');
      expect(err, JSON.stringify(p.errors)).toBeDefined();
      if (typeof language === 'string') expect(err!.message).toBe('Must be one of: "en", "es"');
      const me = await call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
      expect(me.json<{ language: unknown }>().language).toBeNull();
    },
  );

  it('is in the export', async () => {
    const u = await registerUser(t.app, { ip: nextIp() });
    expect((await setLanguage(u, 'es')).statusCode).toBe(200);
    const res = await call(t.app, 'GET', '/api/v1/users/me/export', { token: u.token, ip: nextIp() });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ account: { language: unknown } }>().account.language).toBe('es');
  });
});

describe("the request's language", () => {
  let es: TestUser;
  let en: TestUser;
  let none: TestUser;
  beforeAll(async () => {
    es = await registerUser(t.app, { ip: nextIp() });
    en = await registerUser(t.app, { ip: nextIp() });
    none = await registerUser(t.app, { ip: nextIp() });
    expect((await setLanguage(es, 'es')).statusCode).toBe(200);
    expect((await setLanguage(en, 'en')).statusCode).toBe(200);
  });

  it("is the signed-in caller's saved language, whatever Accept-Language says", async () => {
    for (const [u, headers, title, lang] of [
      [es, EN, 'Datos no válidos', 'es'],
      [es, {}, 'Datos no válidos', 'es'],
      [en, ES, 'Validation failed', 'en'],
    ] as const) {
      const res = await call(t.app, 'POST', '/api/v1/gyms', { token: u.token, body: BAD_GYM, headers });
      expect(expectProblem(res, 422).title).toBe(title);
      expect(res.headers['content-language']).toBe(lang);
      // Anonymous answers of the same route still vary by the header.
      expect(String(res.headers.vary)).toMatch(/accept-language/i);
      // Chosen by the account: only its owner's cache may keep it.
      expect(res.headers['cache-control']).toBe('private');
    }
  });

  it('follows Accept-Language for a caller without one', async () => {
    const esRes = await call(t.app, 'POST', '/api/v1/gyms', {
      token: none.token,
      body: BAD_GYM,
      headers: ES,
    });
    expect(expectProblem(esRes, 422).title).toBe('Datos no válidos');
    expect(esRes.headers['content-language']).toBe('es');
    expect(esRes.headers['cache-control']).toBeUndefined();
    const enRes = await call(t.app, 'POST', '/api/v1/gyms', { token: none.token, body: BAD_GYM });
    expect(expectProblem(enRes, 422).title).toBe('Validation failed');
    expect(enRes.headers['content-language']).toBe('en');
  });

  it('follows Accept-Language for anonymous requests', async () => {
    const body = { email: 'nope', name: 'x' };
    const esRes = await call(t.app, 'POST', '/api/v1/auth/register', { body, headers: ES, ip: nextIp() });
    expect(expectProblem(esRes, 422).title).toBe('Datos no válidos');
    expect(esRes.headers['content-language']).toBe('es');
    const enRes = await call(t.app, 'POST', '/api/v1/auth/register', { body, headers: EN, ip: nextIp() });
    expect(expectProblem(enRes, 422).title).toBe('Validation failed');
    expect(enRes.headers['content-language']).toBe('en');
    // A token that identifies nobody: the 401 is written before any caller is known.
    const bad = await call(t.app, 'GET', '/api/v1/users/me', { token: 'not-a-token', headers: ES });
    expect(expectProblem(bad, 401).title).toBe('No autenticado');
  });

  it('is the header before the caller is known and the saved one after, in the same kind of request', async () => {
    const gymId = await createGym(t.app, none, 'Pref Gym');
    // A malformed X-Gym-ID is refused before authentication: nobody is known yet, so the header decides.
    const early = await call(t.app, 'GET', '/api/v1/members', { token: es.token, gym: 'x', headers: EN });
    expect(expectProblem(early, 400).title).toBe('Bad request');
    expect(early.headers['content-language']).toBe('en');
    // Not a member: refused after authentication, in the caller's saved language.
    const late = await call(t.app, 'GET', '/api/v1/members', { token: es.token, gym: gymId, headers: EN });
    expect(expectProblem(late, 403).title).toBe('Prohibido');
    expect(late.headers['content-language']).toBe('es');
  });
});

describe('langOf', () => {
  const principal = (language: string | null | undefined): Principal => ({
    userId: 1,
    email: null,
    emailVerified: false,
    name: 'x',
    ...(language === undefined ? {} : { language }),
    createdAt: '',
    updatedAt: '',
    gyms: [],
  });
  const request = (acceptLanguage: string) =>
    ({
      headers: { 'accept-language': acceptLanguage },
      principal: null,
      lang: null,
      langSource: null,
    }) as unknown as FastifyRequest;

  it('decides again once the principal is known, then keeps its decision', () => {
    const req = request('en');
    expect(langOf(req)).toBe('en');
    expect(req.langSource).toBe('anonymous');
    req.principal = principal('es');
    expect(langOf(req)).toBe('es');
    expect(req.langSource).toBe('saved');
    // Decided with the caller known: final for the request.
    req.principal = principal('en');
    expect(langOf(req)).toBe('es');
  });

  it('reads a missing, unknown or null saved language as "no preference"', () => {
    for (const saved of [undefined, null, 'fr']) {
      const req = request('es');
      req.principal = principal(saved);
      expect(langOf(req)).toBe('es');
      expect(req.langSource).toBe('header');
    }
  });
});

describe('mails to an account use its saved language', () => {
  it('password reset: Spanish for an account that chose Spanish, though asked in English', async () => {
    const u = await registerUser(t.app, { ip: nextIp() });
    expect((await setLanguage(u, 'es')).statusCode).toBe(200);
    const res = await call(t.app, 'POST', '/api/v1/auth/password-reset', {
      body: { email: u.email },
      headers: EN,
      ip: nextIp(),
    });
    expect(res.statusCode).toBe(202);
    // The answer itself stays in the request's language: it must not tell whether the account exists.
    expect(res.json<{ detail: string }>().detail).toMatch(/^If an account/);
    await waitFor(() => mailsTo(u.email).some((m) => /contraseña/.test(m.subject)), 5000, 'the reset mail');
    expect(mailsTo(u.email).at(-1)!.subject).toBe('Restablece tu contraseña de Pulso');
  });

  it('verification resent and e-mail change: in the saved language', async () => {
    const u = await registerUser(t.app, { ip: nextIp() });
    expect((await setLanguage(u, 'es')).statusCode).toBe(200);
    const resend = await call(t.app, 'POST', '/api/v1/users/me/verify-email', {
      token: u.token,
      headers: EN,
      ip: nextIp(),
    });
    expect(resend.statusCode).toBe(202);
    expect(mailsTo(u.email).at(-1)!.subject).toBe('Confirma tu correo en Pulso');
    // Changing the e-mail and the language at once: the link goes out in the new language.
    const next = uniqueEmail('pref');
    const change = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { email: next, language: 'en', current_password: u.password },
      headers: ES,
      ip: nextIp(),
    });
    expect(change.statusCode).toBe(200);
    expect(mailsTo(next).at(-1)!.subject).toBe('Confirm your e-mail for Pulso');
  });

  it('gym invitation: the invitee account’s language; an unknown address gets the manager’s', async () => {
    const owner = await registerUser(t.app, { ip: nextIp() });
    const gymId = await createGym(t.app, owner, 'Gimnasio Pref');
    const invitee = await registerUser(t.app, { ip: nextIp() });
    expect((await setLanguage(invitee, 'es')).statusCode).toBe(200);
    const invite = (email: string) =>
      call(t.app, 'POST', '/api/v1/members', {
        token: owner.token,
        gym: gymId,
        body: { email: email.toUpperCase(), role: 'member' },
        headers: EN,
      });
    expect((await invite(invitee.email)).statusCode).toBe(202);
    expect(mailsTo(invitee.email).at(-1)!.subject).toBe('Gimnasio Pref te invita a Pulso');
    const stranger = uniqueEmail('stranger');
    expect((await invite(stranger)).statusCode).toBe(202);
    expect(mailsTo(stranger).at(-1)!.subject).toBe('Gimnasio Pref invites you to Pulso');
  });
});
