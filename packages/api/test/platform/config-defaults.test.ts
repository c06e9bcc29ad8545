import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../harness.js';
import { call, createTestApp, registerUser, type TestApp } from '../harness.js';

describe('Server-Timing', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await createTestApp({ env: { SERVER_TIMING_DB: 'false' } });
  });
  afterAll(() => off.close());

  it('keeps the application time and drops the database time when SERVER_TIMING_DB=false', async () => {
    const u = await registerUser(off.app);
    const res = await call(off.app, 'GET', '/api/v1/gyms', { token: u.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['server-timing']).toMatch(/^app;dur=\d+\.\d\d$/);
  });

  it('defaults to database time on, except in production', () => {
    expect(testConfig().serverTimingDb).toBe(true);
    expect(testConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'a'.repeat(64) }).serverTimingDb).toBe(
      false,
    );
    expect(
      testConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'a'.repeat(64), SERVER_TIMING_DB: 'true' })
        .serverTimingDb,
    ).toBe(true);
  });
});

describe('demo data', () => {
  it('is created on a first embedded start by default, but never in production unless asked for', () => {
    expect(testConfig().demoData).toBe(true);
    const prod = { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'a'.repeat(64) };
    expect(testConfig(prod).demoData).toBe(false);
    expect(testConfig({ ...prod, PULSO_DEMO_DATA: 'true' }).demoData).toBe(true);
  });
});
