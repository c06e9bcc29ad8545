import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** A duration in milliseconds, up to a day. */
const ms = z.coerce.number().int().min(0).max(86_400_000);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PULSO_DATA_DIR: z.string().min(1).default('./data'),
  /** The web app's build (packages/web/dist by default); a folder without index.html serves a "not built" page. */
  WEB_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    // The gym seed's `.env.production` names the driver in the scheme (`postgresql+asyncpg://`, SQLAlchemy's
    // form); it is the same server address, so it is read as `postgresql://` (issue 12).
    .preprocess(
      (v) => (typeof v === 'string' ? v.replace(/^postgres(ql)?\+asyncpg:/i, 'postgresql:') : v),
      z.string().refine(
        (v) => {
          // Several hosts (`h1:5432,h2:5432`, with `target_session_attrs=primary` so the pool follows the
          // primary after a failover) are one URL to postgres.js but not to WHATWG's parser: check it with the first.
          const one = v.replace(/^(postgres(?:ql)?:\/\/(?:[^@/]*@)?)([^/?,]+)(?:,[^/?]+)+/i, '$1$2');
          return /^postgres(ql)?:\/\//i.test(v) && URL.canParse(one);
        },
        { error: 'must be a postgres:// or postgresql:// URL' },
      ),
    )
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  // Named prepared statements (the booking statement): off behind a pooler that cannot keep them across
  // transactions (PgBouncer in transaction mode before 1.21, or with max_prepared_statements = 0).
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  // Milliseconds; 0 turns the limit off (PostgreSQL's own meaning of 0).
  DATABASE_STATEMENT_TIMEOUT_MS: ms.default(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: ms.default(60_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  // Redis with Sentinel: the sentinels (host:port, comma-separated) and the name of the primary they watch.
  // REDIS_URL is then optional and only its password and database number are used.
  REDIS_SENTINELS: csv
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[^\s:]+:\d{1,5}$/, 'each sentinel must be host:port')
          .transform((h) => ({
            host: h.slice(0, h.lastIndexOf(':')),
            port: Number(h.slice(h.lastIndexOf(':') + 1)),
          })),
      ),
    )
    .optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  // After SIGTERM: how long /health/ready answers 503 while requests are still served, before the drain.
  SHUTDOWN_DELAY_MS: ms.default(0),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  // Keys of before a rotation, kept until `pulso rotate-key` has re-encrypted every value with the current one.
  DATA_ENCRYPTION_PREVIOUS_KEYS: csv
    .pipe(
      z.array(
        z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a comma-separated list of keys of 64 hex characters'),
      ),
    )
    .default([]),
  // `pulso backup` encrypts with one of these (a key wins); `pulso restore` needs the same to read the file.
  BACKUP_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  BACKUP_PASSPHRASE: z.string().min(16, 'must be at least 16 characters').optional(),
  CORS_ORIGINS: csv.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URI: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  PULSO_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_AUTH_MAX: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  TRUST_PROXY: bool.default(false),
  MAIL_TRANSPORT: z.enum(['log', 'smtp']).default('log'),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Pulso <no-reply@pulso.invalid>'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  PULSO_DEMO_DATA: bool.optional(),
  SERVER_TIMING_DB: bool.optional(),
  IMPORT_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  IMPORT_QUEUE_MAX: z.coerce.number().int().min(0).max(1000).default(8),
  IMPORT_MAX_POINTS: z.coerce.number().int().min(2).max(10_000_000).default(200_000),
  HTTP_REQUEST_TIMEOUT_MS: ms.default(120_000),
  HTTP_CONNECTION_TIMEOUT_MS: ms.default(130_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: ms.default(72_000),
  AI_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  AI_API_KEY: z.string().min(1).optional(),
  AI_MODEL: z.string().min(1).max(100).default('gpt-4o-mini'),
  AI_VISION_MODEL: z.string().min(1).max(100).optional(),
  AI_MONTHLY_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).default(20),
  AI_DEADLINE_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
  HTTP_MAX_HEADER_SIZE: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(16 * 1024),
  LIVE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(120).default(20),
  LIVE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  // A slippy-map tile template (OpenStreetMap's "Raster tile providers" convention: {z}/{x}/{y}). Only https:
  // the app's pages are served over HTTPS in production and a mixed-content image would be blocked anyway.
  MAP_TILE_URL: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL' })
    .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
      error: 'must contain {z}, {x} and {y}',
    })
    .refine((u) => !/^https:\/\/[^/]*\{/.test(u), {
      error: 'its host must be fixed (no {s} subdomains): the web app allows images from one tile origin',
    })
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().trim().min(1).max(300).optional(),
  MAP_TILE_MAX_ZOOM: z.coerce.number().int().min(0).max(22).default(18),
  SEGMENTS_NEAR_INDEX_MB: z.coerce.number().int().min(0).max(65_536).default(96),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Unset: embedded PGlite in `dataDir` (or in memory when `dataDir` is null). */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /** Named prepared statements on PostgreSQL (false behind a pooler that cannot keep them). */
  databasePreparedStatements: boolean;
  /** PostgreSQL `statement_timeout` and `idle_in_transaction_session_timeout` in ms (0: off). */
  databaseTimeouts: { statementMs: number; idleInTransactionMs: number };
  redisUrl: string | undefined;
  /** After SIGTERM, readiness is 503 for this long while requests are still served; then the drain. */
  shutdownDelayMs: number;
  /** Set when Redis is found through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME). */
  redisSentinels: { sentinels: { host: string; port: number }[]; name: string } | undefined;
  jwtSecret: string;
  /** Seals and opens the encrypted columns. */
  encryptionKey: Buffer;
  /** Only open (values sealed before a rotation). */
  previousEncryptionKeys: Buffer[];
  /** Encrypts backups and opens encrypted ones: a 32-byte key, or a passphrase stretched with scrypt. */
  backupSecret: { key: Buffer } | { passphrase: string } | undefined;
  corsOrigins: string[];
  webDir: string | undefined;
  logLevel: string;
  metricsToken: string | undefined;
  /** `clientId` (and `clientSecret` for a confidential client): the web app's sign-in with the provider. */
  oidc:
    | {
        issuer: string;
        audience: string;
        jwksUri: string | undefined;
        clientId: string | undefined;
        clientSecret: string | undefined;
      }
    | undefined;
  workers: number;
  bodyLimit: number;
  /** Node's HTTP server limits, in ms (0: off) and bytes. */
  http: {
    requestTimeoutMs: number;
    connectionTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxHeaderSize: number;
  };
  /** Per client IP and window; `authMax` applies to the routes that hash passwords. */
  rateLimit: { max: number; authMax: number; windowSeconds: number };
  trustProxy: boolean;
  /**
   * How mails leave: `log` writes them to the log (in production without their links, which are credentials),
   * `smtp` sends them through `smtpUrl`. `publicUrl` starts the links in them.
   */
  mail: { transport: 'log' | 'smtp'; smtpUrl: string | undefined; from: string; publicUrl: string };
  demoData: boolean;
  /** Database time in Server-Timing (AsyncLocalStorage per request); default: on unless production. */
  serverTimingDb: boolean;
  /**
   * Activity-file imports: worker threads that parse them, how many files may wait for one (more → 503), and
   * the most track points accepted in one file (more → 422).
   */
  imports: { threads: number; maxQueue: number; maxPoints: number };
  /**
   * Live streams (`GET /notifications/stream`): seconds between heartbeat comments (proxies close idle
   * connections; well under `http.connectionTimeoutMs`), and the open streams one person may hold per process.
   */
  live: { heartbeatSeconds: number; maxStreamsPerUser: number };
  /**
   * An OpenAI-compatible chat-completions API for nutrition plans and meal photos; `undefined` when
   * `AI_API_KEY` is not set (the deterministic generator answers, photo analysis is 503). `baseUrl` undefined
   * means OpenAI's own. The budget is per gym and calendar month (UTC), in US dollars; the deadline bounds one
   * generation, retries included.
   */
  ai:
    | {
        baseUrl: string | undefined;
        apiKey: string;
        model: string;
        visionModel: string;
        monthlyBudgetUsd: number;
        deadlineMs: number;
      }
    | undefined;
  /**
   * Map tiles behind the web app's segment maps, only when an operator sets MAP_TILE_URL: `origin` is then the
   * one origin the app's CSP lets images come from. Unset: maps are SVG alone and nothing is fetched elsewhere.
   */
  mapTiles: { url: string; origin: string; attribution: string; maxZoom: number } | undefined;
  /**
   * Memory each API process may give the nearby-search index of route segments (modules/segments/near-index.ts);
   * 0 turns it off (every nearby search is answered by PostgreSQL).
   */
  segmentsNearIndexBytes: number;
  version: string;
}

export class ConfigError extends Error {}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
}

/**
 * A secret that development needs but nobody configured: generated once and kept in the data dir (mode 0600)
 * so tokens survive restarts. Production must configure its secrets explicitly.
 */
function devSecret(dataDir: string, file: string, make: () => string): string {
  const p = path.join(dataDir, file);
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(p, value + '\n', { mode: 0o600 });
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${formatIssues(parsed.error)}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production && !e.JWT_SECRET) missing.push('  JWT_SECRET: required when NODE_ENV=production');
  if (production && !e.DATA_ENCRYPTION_KEY)
    missing.push('  DATA_ENCRYPTION_KEY: required when NODE_ENV=production (64 hex characters)');
  if (e.OIDC_ISSUER && !e.OIDC_AUDIENCE) missing.push('  OIDC_AUDIENCE: required when OIDC_ISSUER is set');
  if (e.MAIL_TRANSPORT === 'smtp' && !e.SMTP_URL)
    missing.push('  SMTP_URL: required when MAIL_TRANSPORT=smtp (e.g. smtp://user:pass@mail.example:587)');
  if (e.REDIS_SENTINELS?.length && !e.REDIS_SENTINEL_NAME)
    missing.push(
      "  REDIS_SENTINEL_NAME: required when REDIS_SENTINELS is set (the primary's name in sentinel.conf)",
    );
  // Tile providers' usage policies require their attribution on the map (e.g. OSMF's Tile Usage Policy).
  if (e.MAP_TILE_URL && !e.MAP_TILE_ATTRIBUTION)
    missing.push(
      '  MAP_TILE_ATTRIBUTION: required when MAP_TILE_URL is set (the tile provider\'s credit, e.g. "© OpenStreetMap contributors")',
    );
  if (e.PULSO_WORKERS > 1 && !e.DATABASE_URL)
    missing.push(
      '  PULSO_WORKERS: the embedded PGlite database lives inside one process; set DATABASE_URL to run more than one worker',
    );
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);

  const dataDir = path.resolve(e.PULSO_DATA_DIR);
  const jwtSecret =
    e.JWT_SECRET ?? devSecret(dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'));
  const encKey =
    e.DATA_ENCRYPTION_KEY ?? devSecret(dataDir, 'data-encryption-key', () => randomBytes(32).toString('hex'));

  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    databaseTimeouts: {
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    redisSentinels: e.REDIS_SENTINELS?.length
      ? { sentinels: e.REDIS_SENTINELS, name: e.REDIS_SENTINEL_NAME! }
      : undefined,
    jwtSecret,
    encryptionKey: Buffer.from(encKey, 'hex'),
    previousEncryptionKeys: e.DATA_ENCRYPTION_PREVIOUS_KEYS.map((k) => Buffer.from(k, 'hex')),
    backupSecret: e.BACKUP_ENCRYPTION_KEY
      ? { key: Buffer.from(e.BACKUP_ENCRYPTION_KEY, 'hex') }
      : e.BACKUP_PASSPHRASE
        ? { passphrase: e.BACKUP_PASSPHRASE }
        : undefined,
    corsOrigins: e.CORS_ORIGINS,
    webDir: e.WEB_DIR,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          audience: e.OIDC_AUDIENCE!,
          jwksUri: e.OIDC_JWKS_URI,
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
        }
      : undefined,
    workers: e.PULSO_WORKERS,
    bodyLimit: e.BODY_LIMIT,
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: e.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderSize: e.HTTP_MAX_HEADER_SIZE,
    },
    rateLimit: {
      max: e.RATE_LIMIT_MAX,
      authMax: e.RATE_LIMIT_AUTH_MAX,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    trustProxy: e.TRUST_PROXY,
    mail: {
      transport: e.MAIL_TRANSPORT,
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
    // Demo accounts share a published password: never created in production unless asked for explicitly.
    demoData: e.PULSO_DEMO_DATA ?? !production,
    serverTimingDb: e.SERVER_TIMING_DB ?? !production,
    // Two threads keep one core for the event loop on a small machine while a second upload still runs.
    imports: {
      threads: e.IMPORT_THREADS ?? Math.min(2, availableParallelism()),
      maxQueue: e.IMPORT_QUEUE_MAX,
      maxPoints: e.IMPORT_MAX_POINTS,
    },
    live: { heartbeatSeconds: e.LIVE_HEARTBEAT_SECONDS, maxStreamsPerUser: e.LIVE_MAX_STREAMS_PER_USER },
    ai: e.AI_API_KEY
      ? {
          baseUrl: e.AI_BASE_URL,
          apiKey: e.AI_API_KEY,
          model: e.AI_MODEL,
          visionModel: e.AI_VISION_MODEL ?? e.AI_MODEL,
          monthlyBudgetUsd: e.AI_MONTHLY_BUDGET_USD,
          deadlineMs: e.AI_DEADLINE_MS,
        }
      : undefined,
    mapTiles: e.MAP_TILE_URL
      ? {
          url: e.MAP_TILE_URL,
          // The template's own braces are not valid in a host, so the origin is read before URL parsing sees them
          // (a `{s}` subdomain template is not supported: one origin, one CSP source).
          origin: new URL(e.MAP_TILE_URL.replace(/\{[a-z]\}/g, '0')).origin,
          attribution: e.MAP_TILE_ATTRIBUTION!,
          maxZoom: e.MAP_TILE_MAX_ZOOM,
        }
      : undefined,
    segmentsNearIndexBytes: e.SEGMENTS_NEAR_INDEX_MB * 1_048_576,
    version,
  });
}
