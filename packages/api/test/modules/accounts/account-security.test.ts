import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createMailer } from '../../../src/platform/mail.js';
import {
  call,
  createTestApp,
  expectProblem,
  mailsTo,
  PASSWORD,
  registerUser,
  testConfig,
  tokenFromMail,
  uniqueEmail,
  waitFor,
  type TestApp,
} from '../../harness.js';

// Tests move this clock; the app never reads the wall clock for token expiry.
let now = Date.parse('2026-03-02T09:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
});
afterAll(() => t.close());

const register = (email: string, password: string, lang = 'en') =>
  call(t.app, 'POST', '/api/v1/auth/register', {
    body: { email, password, name: 'Pat Doe' },
    headers: { 'accept-language': lang },
  });

const refresh = (token: string) =>
  call(t.app, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token } });

describe('password policy', () => {
  it.each([
    ['a common password', 'password1234', /commonly used password/],
    ['a keyboard run', 'qwertyuiop12', /Too easy to guess/],
    ['one character repeated', 'aaaaaaaaaaaa', /repeated/],
    ['a short group repeated', 'abcabcabcabc', /repeated/],
  ])('refuses %s with a 422 on password saying why', async (_what, password, why) => {
    const p = expectProblem(await register(uniqueEmail(), password), 422);
    expect(p.errors).toEqual([{ field: 'password', message: expect.stringMatching(why) }]);
  });

  it('refuses the e-mail itself and its name part', async () => {
    const local = `marathon.runner.${randomUUID().slice(0, 6)}`;
    const email = `${local}@test.pulso.example`;
    for (const password of [email, `${local}!`]) {
      const p = expectProblem(await register(email, password), 422);
      expect(p.errors![0]).toEqual({ field: 'password', message: expect.stringMatching(/e-mail/) });
    }
    const inside = expectProblem(await register('pat.rivers@test.pulso.example', 'Pat.Rivers-2026'), 422);
    expect(inside.errors![0]!.message).toMatch(/e-mail/);
  });

  it('says why in Spanish too', async () => {
    const p = expectProblem(await register(uniqueEmail(), 'password1234', 'es-ES,es;q=0.9'), 422);
    expect(p.errors![0]!.message).toMatch(/^Demasiado fácil de adivinar/);
    const rep = expectProblem(await register(uniqueEmail(), 'zzzzzzzzzzzz', 'es'), 422);
    expect(rep.errors![0]!.message).toMatch(/repetido/);
  });

  it('keeps the length rule and accepts a long uncommon phrase', async () => {
    const short = expectProblem(await register(uniqueEmail(), 'Xq7#k'), 422);
    expect(short.errors![0]!.field).toBe('password');
    expect((await register(uniqueEmail(), PASSWORD)).statusCode).toBe(201);
  });

  it('applies to a password change', async () => {
    const u = await registerUser(t.app);
    const p = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', {
        token: u.token,
        body: { password: 'password1234', current_password: PASSWORD },
      }),
      422,
    );
    expect(p.errors![0]!.field).toBe('password');
    // Refused: the old password still signs in.
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('e-mail verification', () => {
  it('mails a token on registration; using it marks the e-mail verified, once', async () => {
    const u = await registerUser(t.app);
    const me = () => call(t.app, 'GET', '/api/v1/users/me', { token: u.token });
    expect((await me()).json()).toMatchObject({ email: u.email, email_verified: false });
    const mail = mailsTo(u.email).at(-1)!;
    expect(mail.subject).toMatch(/Confirm your e-mail/);
    expect(mail.text).not.toContain(PASSWORD);
    const token = tokenFromMail(u.email, /Confirm/);
    expect((await call(t.app, 'POST', '/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(
      204,
    );
    expect((await me()).json().email_verified).toBe(true);
    const again = expectProblem(
      await call(t.app, 'POST', '/api/v1/auth/verify-email', { body: { token } }),
      422,
    );
    expect(again.errors![0]!.field).toBe('token');
  });

  it('writes the mail in Spanish for a Spanish request', async () => {
    const email = uniqueEmail();
    expect((await register(email, PASSWORD, 'es')).statusCode).toBe(201);
    expect(mailsTo(email).at(-1)!.subject).toBe('Confirma tu correo en Pulso');
  });

  it('refuses a token after 24 hours', async () => {
    const u = await registerUser(t.app);
    const token = tokenFromMail(u.email, /Confirm/);
    now += 24 * 3600_000 + 1000;
    const p = expectProblem(await call(t.app, 'POST', '/api/v1/auth/verify-email', { body: { token } }), 422);
    expect(p.errors![0]!.field).toBe('token');
  });

  it('an e-mail change needs the current password, ends other sessions and asks to verify the new address', async () => {
    const u = await registerUser(t.app);
    const oldToken = tokenFromMail(u.email, /Confirm/);
    const other = (
      await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: PASSWORD } })
    ).json<{ refresh_token: string }>();
    const newEmail = uniqueEmail('moved');
    const without = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', { token: u.token, body: { email: newEmail } }),
      422,
    );
    expect(without.errors![0]!.field).toBe('current_password');
    const wrong = expectProblem(
      await call(t.app, 'PATCH', '/api/v1/users/me', {
        token: u.token,
        body: { email: newEmail, current_password: 'not my password at all' },
      }),
      422,
    );
    expect(wrong.errors![0]!.field).toBe('current_password');
    const ok = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { email: newEmail, current_password: PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ email: newEmail, email_verified: false });
    expectProblem(await refresh(other.refresh_token), 401);
    expect((await refresh(u.refresh)).statusCode).toBe(200);
    // The link sent to the old address proves nothing about the new one.
    expectProblem(await call(t.app, 'POST', '/api/v1/auth/verify-email', { body: { token: oldToken } }), 422);
    const token = tokenFromMail(newEmail, /Confirm/);
    expect((await call(t.app, 'POST', '/api/v1/auth/verify-email', { body: { token } })).statusCode).toBe(
      204,
    );
  });

  it('a name change alone needs no password', async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, 'PATCH', '/api/v1/users/me', {
      token: u.token,
      body: { name: 'Just Renamed' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('sends a new link on request', async () => {
    const u = await registerUser(t.app);
    const before = mailsTo(u.email).length;
    const res = await call(t.app, 'POST', '/api/v1/users/me/verify-email', { token: u.token });
    expect(res.statusCode).toBe(202);
    expect(mailsTo(u.email).length).toBe(before + 1);
    expect(
      (
        await call(t.app, 'POST', '/api/v1/auth/verify-email', {
          body: { token: tokenFromMail(u.email, /Confirm/) },
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe('password reset', () => {
  const ask = (email: string) => call(t.app, 'POST', '/api/v1/auth/password-reset', { body: { email } });
  const confirm = (token: string, password: string) =>
    call(t.app, 'POST', '/api/v1/auth/password-reset/confirm', { body: { token, password } });

  it('answers the same for an unknown e-mail and a known one', async () => {
    const u = await registerUser(t.app);
    const known = await ask(u.email);
    const unknown = await ask(uniqueEmail('nobody'));
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
  });

  it('sets the password once, ends every session and verifies the e-mail', async () => {
    const u = await registerUser(t.app);
    expect((await ask(u.email)).statusCode).toBe(202);
    await waitFor(() => mailsTo(u.email).some((m) => /Reset/.test(m.subject)), 5000, 'reset mail');
    const token = tokenFromMail(u.email, /Reset/);
    const weak = expectProblem(await confirm(token, 'password1234'), 422);
    expect(weak.errors![0]!.field).toBe('password');
    // A refused password leaves the token usable.
    expect((await confirm(token, 'granite river lantern')).statusCode).toBe(204);
    expectProblem(await refresh(u.refresh), 401);
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: 'granite river lantern' },
    });
    expect(login.statusCode).toBe(200);
    const me = await call(t.app, 'GET', '/api/v1/users/me', {
      token: login.json<{ access_token: string }>().access_token,
    });
    expect(me.json().email_verified).toBe(true);
    const reused = expectProblem(await confirm(token, 'another granite lantern'), 422);
    expect(reused.errors![0]!.field).toBe('token');
  });

  it('refuses a token after 30 minutes', async () => {
    const u = await registerUser(t.app);
    await ask(u.email);
    await waitFor(() => mailsTo(u.email).some((m) => /Reset/.test(m.subject)), 5000, 'reset mail');
    const token = tokenFromMail(u.email, /Reset/);
    now += 31 * 60_000;
    expectProblem(await confirm(token, 'granite river lantern'), 422);
  });

  it('says so in Spanish', async () => {
    const res = await call(t.app, 'POST', '/api/v1/auth/password-reset', {
      body: { email: uniqueEmail() },
      headers: { 'accept-language': 'es' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().detail).toMatch(/^Si hay una cuenta/);
  });
});

describe('mail transport', () => {
  const capture = () => {
    const lines: { obj: unknown; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push({ obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ obj, msg }),
    };
    return { lines, log };
  };
  const mail = { to: 'a@test.pulso.example', subject: 'Reset', text: 'link #token=SECRET123' };

  it('logs the mail with its link in development', async () => {
    const { lines, log } = capture();
    await createMailer(testConfig({ NODE_ENV: 'development' }), log).send(mail);
    expect(JSON.stringify(lines)).toContain('SECRET123');
    // Logs never carry e-mail addresses.
    expect(JSON.stringify(lines)).not.toContain(mail.to);
  });

  it('logs no link in production', async () => {
    const { lines, log } = capture();
    const prod = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: '0'.repeat(64),
    });
    await createMailer(prod, log).send(mail);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('SECRET123');
  });

  it('MAIL_TRANSPORT=smtp needs SMTP_URL', () => {
    expect(() => testConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(() => testConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
    expect(testConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' }).mail.transport).toBe(
      'smtp',
    );
  });
});
