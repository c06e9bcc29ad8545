import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'pulso-config-'));
const KEY = 'ab'.repeat(32);
const SECRET = 's'.repeat(40);
const production = { NODE_ENV: 'production', JWT_SECRET: SECRET, DATA_ENCRYPTION_KEY: KEY };

/** The ConfigError that `env` causes (fails the test if none). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ PULSO_DATA_DIR: tmp(), ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const dir = tmp();
    const c = loadConfig({ PULSO_DATA_DIR: dir }, '1.2.3');
    expect(c).toMatchObject({
      env: 'development',
      port: 8000,
      host: '0.0.0.0',
      dataDir: path.resolve(dir),
      databaseUrl: undefined,
      databasePoolMax: 20,
      databasePreparedStatements: true,
      redisUrl: undefined,
      corsOrigins: [],
      logLevel: 'info',
      metricsToken: undefined,
      oidc: undefined,
      workers: 1,
      bodyLimit: 1024 * 1024,
      rateLimit: { max: 600, authMax: 20, windowSeconds: 60 },
      trustProxy: false,
      demoData: true,
      version: '1.2.3',
    });
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.encryptionKey).toHaveLength(32);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads explicit values and parses lists and booleans', () => {
    const c = loadConfig({
      ...production,
      PULSO_DATA_DIR: tmp(),
      PORT: '0',
      DATABASE_URL: 'postgresql://u:p@db.example:5432/pulso',
      REDIS_URL: 'rediss://cache.example:6380/1',
      CORS_ORIGINS: ' https://a.example , https://b.example,,',
      TRUST_PROXY: '1',
      PULSO_DEMO_DATA: 'false',
      DATABASE_PREPARED_STATEMENTS: 'false',
      PULSO_WORKERS: '4',
      OIDC_ISSUER: 'https://tenant.auth0.example/',
      OIDC_AUDIENCE: 'pulso',
      OIDC_JWKS_URI: 'https://tenant.auth0.example/.well-known/jwks.json',
    });
    expect(c).toMatchObject({
      env: 'production',
      port: 0,
      jwtSecret: SECRET,
      databaseUrl: 'postgresql://u:p@db.example:5432/pulso',
      redisUrl: 'rediss://cache.example:6380/1',
      corsOrigins: ['https://a.example', 'https://b.example'],
      trustProxy: true,
      demoData: false,
      databasePreparedStatements: false,
      workers: 4,
      oidc: {
        issuer: 'https://tenant.auth0.example/',
        audience: 'pulso',
        jwksUri: 'https://tenant.auth0.example/.well-known/jwks.json',
      },
    });
    expect(c.encryptionKey.toString('hex')).toBe(KEY);
  });

  it('reads previous encryption keys for a rotation, and names a malformed one', () => {
    const old1 = 'cd'.repeat(32);
    const old2 = 'EF'.repeat(32);
    const c = loadConfig({
      ...production,
      PULSO_DATA_DIR: tmp(),
      DATA_ENCRYPTION_PREVIOUS_KEYS: ` ${old1}, ${old2} `,
    });
    expect(c.previousEncryptionKeys.map((k) => k.toString('hex'))).toEqual([old1, old2.toLowerCase()]);
    expect(loadConfig({ ...production, PULSO_DATA_DIR: tmp() }).previousEncryptionKeys).toEqual([]);
    const err = configError({ ...production, DATA_ENCRYPTION_PREVIOUS_KEYS: `${old1},abc` });
    expect(err.message).toMatch(
      /DATA_ENCRYPTION_PREVIOUS_KEYS\.1: must be a comma-separated list of keys of 64 hex/,
    );
  });

  it('requires JWT_SECRET in production', () => {
    const err = configError({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY });
    expect(err.message).toMatch(/JWT_SECRET/);
    expect(err.message).not.toMatch(/DATA_ENCRYPTION_KEY/);
  });

  it('requires DATA_ENCRYPTION_KEY in production', () => {
    const err = configError({ NODE_ENV: 'production', JWT_SECRET: SECRET });
    expect(err.message).toMatch(/DATA_ENCRYPTION_KEY/);
    expect(err.message).not.toMatch(/JWT_SECRET/);
  });

  it('reports every missing production secret at once', () => {
    const err = configError({ NODE_ENV: 'production' });
    expect(err.message).toMatch(/JWT_SECRET/);
    expect(err.message).toMatch(/DATA_ENCRYPTION_KEY/);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'http://db.example/pulso' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['REDIS_URL', { REDIS_URL: 'http://cache.example' }],
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['DATA_ENCRYPTION_KEY', { DATA_ENCRYPTION_KEY: 'zz'.repeat(32) }],
    ['DATA_ENCRYPTION_KEY', { DATA_ENCRYPTION_KEY: 'ab'.repeat(16) }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['BODY_LIMIT', { BODY_LIMIT: '10' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['OIDC_ISSUER', { OIDC_ISSUER: 'not a url', OIDC_AUDIENCE: 'x' }],
    ['IMPORT_THREADS', { IMPORT_THREADS: '0' }],
    ['IMPORT_QUEUE_MAX', { IMPORT_QUEUE_MAX: '-1' }],
    ['IMPORT_MAX_POINTS', { IMPORT_MAX_POINTS: 'many' }],
  ])('names %s when it is invalid (%o)', (name, env) => {
    const err = configError(env);
    expect(err.message).toContain(name);
  });

  it('names every invalid variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'http://x', LOG_LEVEL: 'loud' });
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(err.message).toContain(name);
  });

  it('sizes the import pool from the environment, by default at most two threads', () => {
    const d = loadConfig({ PULSO_DATA_DIR: tmp() }).imports;
    expect(d.threads).toBeGreaterThanOrEqual(1);
    expect(d.threads).toBeLessThanOrEqual(2);
    expect(d).toMatchObject({ maxQueue: 8, maxPoints: 200_000 });
    expect(
      loadConfig({
        PULSO_DATA_DIR: tmp(),
        IMPORT_THREADS: '3',
        IMPORT_QUEUE_MAX: '0',
        IMPORT_MAX_POINTS: '5000',
      }).imports,
    ).toEqual({ threads: 3, maxQueue: 0, maxPoints: 5000 });
  });

  it('refuses PULSO_WORKERS > 1 without DATABASE_URL', () => {
    expect(configError({ PULSO_WORKERS: '2' }).message).toContain('PULSO_WORKERS');
    expect(
      loadConfig({ PULSO_DATA_DIR: tmp(), PULSO_WORKERS: '2', DATABASE_URL: 'postgres://db/pulso' }).workers,
    ).toBe(2);
  });

  it('map tiles: off by default; an https {z}/{x}/{y} template with its credit gives the one origin to allow', () => {
    expect(loadConfig({ PULSO_DATA_DIR: tmp() }).mapTiles).toBeUndefined();
    const c = loadConfig({
      PULSO_DATA_DIR: tmp(),
      MAP_TILE_URL: 'https://tiles.example.org/osm/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© OpenStreetMap contributors',
    });
    expect(c.mapTiles).toEqual({
      url: 'https://tiles.example.org/osm/{z}/{x}/{y}.png',
      origin: 'https://tiles.example.org',
      attribution: '© OpenStreetMap contributors',
      maxZoom: 18,
    });
    const credit = { MAP_TILE_ATTRIBUTION: 'x' };
    expect(configError({ MAP_TILE_URL: 'https://t.example/{z}/{x}/{y}.png' }).message).toMatch(
      /MAP_TILE_ATTRIBUTION: required when MAP_TILE_URL/,
    );
    expect(configError({ ...credit, MAP_TILE_URL: 'http://t.example/{z}/{x}/{y}.png' }).message).toMatch(
      /MAP_TILE_URL: must be an https:\/\/ URL/,
    );
    expect(configError({ ...credit, MAP_TILE_URL: 'https://t.example/{z}/{x}.png' }).message).toMatch(
      /MAP_TILE_URL: must contain \{z\}, \{x\} and \{y\}/,
    );
    expect(configError({ ...credit, MAP_TILE_URL: 'https://{s}.t.example/{z}/{x}/{y}.png' }).message).toMatch(
      /MAP_TILE_URL: its host must be fixed/,
    );
  });

  it('refuses OIDC_ISSUER without OIDC_AUDIENCE', () => {
    expect(configError({ OIDC_ISSUER: 'https://idp.example' }).message).toContain('OIDC_AUDIENCE');
  });

  it('never puts secret values in the error message', () => {
    const err = configError({ JWT_SECRET: 'short-secret-value', METRICS_TOKEN: 'tiny-token' });
    expect(err.message).not.toContain('short-secret-value');
    expect(err.message).not.toContain('tiny-token');
  });

  it('generates the development secrets once (mode 0600) and reuses them on the next load', () => {
    const dir = tmp();
    const first = loadConfig({ PULSO_DATA_DIR: dir });
    const jwtFile = path.join(dir, 'jwt-secret');
    const keyFile = path.join(dir, 'data-encryption-key');
    for (const f of [jwtFile, keyFile]) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(jwtFile, 'utf8').trim()).toBe(first.jwtSecret);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(first.encryptionKey.toString('hex'));
    const jwtWritten = statSync(jwtFile).mtimeMs;

    const second = loadConfig({ PULSO_DATA_DIR: dir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(statSync(jwtFile).mtimeMs).toBe(jwtWritten);

    // Another data dir gets other secrets.
    expect(loadConfig({ PULSO_DATA_DIR: tmp() }).jwtSecret).not.toBe(first.jwtSecret);
  });

  it('creates a missing data dir for the generated secrets', () => {
    const dir = path.join(tmp(), 'nested', 'data');
    const c = loadConfig({ PULSO_DATA_DIR: dir });
    expect(readFileSync(path.join(dir, 'jwt-secret'), 'utf8').trim()).toBe(c.jwtSecret);
  });

  it('uses configured secrets without writing files', () => {
    const dir = path.join(tmp(), 'untouched');
    const c = loadConfig({ PULSO_DATA_DIR: dir, JWT_SECRET: SECRET, DATA_ENCRYPTION_KEY: KEY });
    expect(c.jwtSecret).toBe(SECRET);
    expect(() => statSync(dir)).toThrow();
  });

  it('reads Redis Sentinel, a multi-host DATABASE_URL and the shutdown delay', () => {
    const c = loadConfig({
      PULSO_DATA_DIR: tmp(),
      DATABASE_URL: 'postgres://pulso@db1:5432,db2:5433/pulso?target_session_attrs=read-write',
      REDIS_SENTINELS: 'sentinel-a:26379, 10.0.0.7:26380',
      REDIS_SENTINEL_NAME: 'pulso',
      SHUTDOWN_DELAY_MS: '5000',
    });
    expect(c.databaseUrl).toBe('postgres://pulso@db1:5432,db2:5433/pulso?target_session_attrs=read-write');
    expect(c.redisSentinels).toEqual({
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: '10.0.0.7', port: 26380 },
      ],
      name: 'pulso',
    });
    expect(c.shutdownDelayMs).toBe(5000);
    expect(configError({ REDIS_SENTINELS: 'sentinel-a:26379' }).message).toMatch(/REDIS_SENTINEL_NAME/);
    expect(configError({ REDIS_SENTINELS: 'sentinel-a', REDIS_SENTINEL_NAME: 'p' }).message).toMatch(
      /REDIS_SENTINELS/,
    );
    expect(configError({ DATABASE_URL: 'mysql://db1:3306/pulso' }).message).toMatch(/DATABASE_URL/);
  });
});
