/**
 * The SMTP transport against a real SMTP server on loopback (smtp-server, in this process): the mails the
 * accounts module sends arrive with their sender, recipient, subject and link. Nothing leaves the machine.
 */
import { createServer, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { FastifyInstance } from 'fastify';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import {
  call,
  PASSWORD,
  sharedDatabase,
  silentLogger,
  testConfig,
  uniqueEmail,
  waitFor,
} from '../harness.js';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port: number;
let app: FastifyInstance;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
  const config = testConfig({
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Pulso Test <no-reply@test.pulso.example>',
    PUBLIC_URL: 'https://pulso.test.example/',
  });
  // No mailer passed: the app builds the configured SMTP transport itself.
  app = await buildApp({
    config,
    database: await sharedDatabase(),
    cache: createMemoryCache(),
    logger: silentLogger,
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('MAIL_TRANSPORT=smtp', () => {
  it('delivers the verification mail of a registration through the SMTP server', async () => {
    const email = uniqueEmail('smtp');
    const res = await call(app, 'POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, name: 'Smtp User' },
      headers: { 'accept-language': 'es' },
    });
    expect(res.statusCode).toBe(201);
    await waitFor(() => received.some((m) => m.to.includes(email)), 5000, 'the mail at the SMTP server');
    const mail = received.find((m) => m.to.includes(email))!;
    expect(mail.from).toBe('no-reply@test.pulso.example');
    expect(mail.raw).toMatch(/^Subject: .*/m);
    // The link starts with PUBLIC_URL (its trailing slash dropped) and carries the token in the fragment.
    const body = mail.raw.replace(/=\r\n/g, '').replace(/=3D/g, '='); // undo quoted-printable
    expect(body).toMatch(/https:\/\/pulso\.test\.example\/verify-email#token=[\w-]{43}/);
    expect(body).toContain('Confirma tu correo en Pulso');
    expect(mail.raw).not.toContain(PASSWORD);
  });

  it('answers a password reset for an unknown e-mail without sending anything', async () => {
    const before = received.length;
    const res = await call(app, 'POST', '/api/v1/auth/password-reset', {
      body: { email: uniqueEmail('ghost') },
    });
    expect(res.statusCode).toBe(202);
    // A known address's mail, sent after it, arrives; the unknown one never produced one.
    const email = uniqueEmail('known');
    await call(app, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Known' } });
    await waitFor(() => received.some((m) => m.to.includes(email)), 5000, 'the mail at the SMTP server');
    expect(received.slice(before).every((m) => m.to.includes(email))).toBe(true);
  });

  it('still registers when the SMTP server is down (the failure is logged, not answered)', async () => {
    // A loopback port with nobody listening: bound, read, closed.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const down = await buildApp({
      config: testConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${closedPort}` }),
      database: await sharedDatabase(),
      cache: createMemoryCache(),
      logger,
    });
    try {
      await down.ready();
      const res = await call(down, 'POST', '/api/v1/auth/register', {
        body: { email: uniqueEmail('smtp-down'), password: PASSWORD, name: 'Down' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(lines.join('')).toContain('mail could not be sent');
    } finally {
      await down.close();
    }
  });
});
