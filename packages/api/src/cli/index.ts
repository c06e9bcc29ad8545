import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PASSWORD_MIN } from '@pulso/contracts';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { createKeyring, DecryptionError } from '../platform/crypto/keyring.js';
import { reencrypt } from '../platform/crypto/rotate.js';
import { passwordProblem } from '../platform/auth/password-policy.js';
import { backupsToPrune, backupTo, recordBackup, RestoreError, restoreFrom } from '../platform/db/backup.js';
import { migrationStatus } from '../platform/db/migration-status.js';
import type { Cache } from '../platform/cache/index.js';
import { isEmpty, openDatabase } from '../platform/db/index.js';
import { createMemoryCache, createRedisCache } from '../platform/cache/index.js';
import { deploymentNamespace } from '../platform/deployment.js';
import { openRuntime, VERSION } from '../runtime.js';
import { buildServices } from '../services.js';
import { printDemo, seedDemo } from './demo.js';
import type { ImportReport } from '../modules/foods/import-off.js';

const USAGE = `Usage: pulso <command> [options]

Commands:
  migrate [--status]               apply database migrations; --status lists applied and pending ones
                                   without applying any (exit 3 when some are pending)
  seed --demo                      create the demo gym and its accounts (empty database only)
  create-admin --email E --password P [--name N] [--gym ID]
                                   create (or reset) a platform administrator; with --gym, make them its owner
  backup --out FILE|DIR [--keep N] [--max-age-days D]
                                   write a portable backup (gzip NDJSON), encrypted (AES-256-GCM) when
                                   BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE is set; with a directory, keep
                                   the newest N and/or remove those older than D days (the newest always stays)
  restore FILE [--force]           restore a backup into this database (--force replaces existing data); an
                                   encrypted one needs the same BACKUP_ENCRYPTION_KEY or BACKUP_PASSPHRASE
  openapi --out FILE               write the OpenAPI document
  import-foods FILE [--gym ID]     import an Open Food Facts export (JSONL or tab-separated CSV, optionally .gz):
                                   streamed, implausible rows skipped and counted, upserted by barcode; without
                                   --gym the foods are shared by every gym
  rotate-key [--batch N]           re-encrypt every encrypted value with DATA_ENCRYPTION_KEY (the old key must be
                                   in DATA_ENCRYPTION_PREVIOUS_KEYS); safe to stop and run again

The database and cache come from the same environment as the server (DATABASE_URL, PULSO_DATA_DIR, ...).`;

class UsageError extends Error {}

/**
 * The document depends only on the routes, so it is built over an empty in-memory database: no data dir is
 * touched and a running server's database is never opened.
 */
async function writeOpenApi(out: string) {
  // Placeholder secrets: nothing is signed or encrypted, and no secret file is written to a data dir.
  const config = loadConfig(
    { JWT_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEY: '0'.repeat(64), LOG_LEVEL: 'silent' },
    VERSION,
  );
  const database = await openDatabase({ dataDir: null });
  const cache = createMemoryCache();
  const app = await buildApp({ config, database, cache, logger: createLogger('silent') });
  await app.ready();
  writeFileSync(out, JSON.stringify(app.swagger(), null, 2) + '\n');
  await app.close();
  await database.close();
  console.log(`OpenAPI document written to ${out}.`);
}

const COMMANDS = new Set([
  'migrate',
  'seed',
  'create-admin',
  'backup',
  'restore',
  'openapi',
  'rotate-key',
  'import-foods',
]);

const OPTIONS = {
  demo: { type: 'boolean' },
  email: { type: 'string' },
  password: { type: 'string' },
  name: { type: 'string' },
  gym: { type: 'string' },
  out: { type: 'string' },
  keep: { type: 'string' },
  'max-age-days': { type: 'string' },
  status: { type: 'boolean' },
  force: { type: 'boolean' },
  batch: { type: 'string' },
} as const;

/** With Redis, wait (briefly) for the connection: the cache has no offline queue, so an early call fails. */
async function cacheReady(cache: Cache, ms = 5000) {
  const until = Date.now() + ms;
  while (cache.backend === 'redis' && cache.status() !== 'up' && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50));
}

/** fsync a file or directory so a rename that follows survives a crash with the data in it. */
function fsyncPath(p: string) {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return;
  }
  // Everything that can be checked without the database is checked before it is opened (and migrated): a typo
  // must neither touch the data nor leave half a change behind.
  if (!COMMANDS.has(command)) throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    // Unknown or malformed options are usage errors (exit 2), not failures.
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  let keep: number | undefined;
  let maxAgeDays: number | undefined;
  let gymId: number | undefined;
  let batch: number | undefined;
  switch (command) {
    case 'seed':
      if (!values.demo) throw new UsageError('seed needs --demo');
      break;
    case 'create-admin':
      if (!values.email || !values.password)
        throw new UsageError('create-admin needs --email and --password');
      if (values.password.length < PASSWORD_MIN)
        throw new UsageError(`--password needs at least ${PASSWORD_MIN} characters`);
      {
        // The same policy as the API's: an administrator's password guards every gym.
        const why = passwordProblem(values.password, { email: values.email, name: values.name }, 'en');
        if (why) throw new UsageError(`--password: ${why}`);
      }
      if (values.gym !== undefined) {
        gymId = Number(values.gym);
        if (!Number.isInteger(gymId) || gymId < 1) throw new UsageError(`no gym with id ${values.gym}`);
      }
      break;
    case 'backup':
      if (!values.out) throw new UsageError('backup needs --out FILE or --out DIR');
      keep = values.keep === undefined ? undefined : Number(values.keep);
      if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
        throw new UsageError('--keep needs a positive integer');
      maxAgeDays = values['max-age-days'] === undefined ? undefined : Number(values['max-age-days']);
      if (maxAgeDays !== undefined && (!Number.isFinite(maxAgeDays) || maxAgeDays <= 0))
        throw new UsageError('--max-age-days needs a positive number');
      if (
        (keep !== undefined || maxAgeDays !== undefined) &&
        statSync(values.out, { throwIfNoEntry: false })?.isFile()
      )
        throw new UsageError('--keep and --max-age-days need --out to be a directory');
      break;
    case 'restore':
      if (!positionals[0]) throw new UsageError('restore needs the backup file');
      if (!existsSync(positionals[0])) throw new UsageError(`no such file: ${positionals[0]}`);
      break;
    case 'openapi':
      if (!values.out) throw new UsageError('openapi needs --out FILE');
      break;
    case 'import-foods':
      if (!positionals[0]) throw new UsageError('import-foods needs the file');
      if (!statSync(positionals[0], { throwIfNoEntry: false })?.isFile())
        throw new UsageError(`no such file: ${positionals[0]}`);
      if (values.gym !== undefined) {
        gymId = Number(values.gym);
        if (!Number.isInteger(gymId) || gymId < 1) throw new UsageError(`no gym with id ${values.gym}`);
      }
      break;
    case 'rotate-key':
      batch = values.batch === undefined ? 500 : Number(values.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
        throw new UsageError('--batch needs an integer from 1 to 10000');
      break;
  }
  if (command === 'openapi') return writeOpenApi(values.out!);
  const config = loadConfig({ PULSO_DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...process.env }, VERSION);
  const logger = createLogger(config.logLevel);
  // `migrate --status` only looks: it must not apply what it reports as pending.
  const runtime = await openRuntime(config, logger, !(command === 'migrate' && values.status));
  try {
    const services = buildServices({ config, database: runtime.database, cache: runtime.cache });
    switch (command) {
      case 'migrate': {
        if (!values.status) {
          console.log('Migrations applied.');
          return;
        }
        const states = await migrationStatus(runtime.database.db);
        for (const m of states) console.log(`${m.applied ? 'applied' : 'pending'}  ${m.tag}`);
        const pending = states.filter((m) => !m.applied).length;
        console.log(`${states.length - pending} applied, ${pending} pending.`);
        if (pending) process.exitCode = 3;
        return;
      }
      case 'seed': {
        await cacheReady(runtime.cache);
        if (!(await isEmpty(runtime.database.db)))
          throw new UsageError('the database already has accounts; not seeding');
        try {
          printDemo(await seedDemo(services));
        } finally {
          await services.close();
        }
        return;
      }
      case 'create-admin': {
        const { email, password } = values as { email: string; password: string };
        // Before anything is written: a wrong --gym must not leave an administrator behind.
        if (gymId !== undefined && !(await services.repos.gyms.gymExists(gymId)))
          throw new UsageError(`no gym with id ${values.gym}`);
        await cacheReady(runtime.cache);
        const passwordHash = await hashPassword(password);
        const repo = services.repos.accounts;
        const existing = await repo.findByEmail(email);
        const user = existing
          ? (await repo.update(existing.id, { passwordHash, isPlatformAdmin: true }))!
          : await repo.insert({ email, name: values.name ?? 'Administrator', passwordHash });
        if (!existing) await repo.update(user.id, { isPlatformAdmin: true });
        await services.audit({
          userId: user.id,
          action: 'admin.created',
          targetType: 'user',
          targetId: user.id,
        });
        if (gymId !== undefined) {
          if (!(await services.repos.gyms.insertMember(gymId, user.id, 'owner')))
            await services.repos.gyms.setRole(gymId, user.id, 'owner');
          await services.audit({
            gymId,
            userId: user.id,
            action: 'member.role_changed',
            targetType: 'user',
            targetId: user.id,
            metadata: { to: 'owner', by: 'cli' },
          });
        }
        await services.principals.invalidate(user.id);
        console.log(`${existing ? 'Updated' : 'Created'} administrator ${email} (user id ${user.id}).`);
        return;
      }
      case 'backup': {
        if (!values.out) throw new UsageError('backup needs --out FILE or --out DIR');
        // With --keep, --out is a directory of timestamped backups even before it exists (the first run of a
        // nightly job); without this, it became one file of that name, overwritten night after night.
        const isDir =
          keep !== undefined ||
          maxAgeDays !== undefined ||
          values.out.endsWith('/') ||
          (statSync(values.out, { throwIfNoEntry: false })?.isDirectory() ?? false);
        const dir = isDir ? values.out : path.dirname(values.out);
        mkdirSync(dir, { recursive: true });
        const stamp = new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z');
        const secret = config.backupSecret;
        const file = isDir
          ? path.join(dir, `pulso-backup-${stamp}.ndjson.gz${secret ? '.enc' : ''}`)
          : values.out;
        // Written beside its final name, then renamed: a reader never sees half a backup. A .partial left by a
        // crashed run is removed first, because the 0600 mode only applies to a file that is created.
        const tmp = `${file}.partial`;
        rmSync(tmp, { force: true });
        let header;
        try {
          header = await backupTo(runtime.database.db, runtime.database.driver, tmp, { secret });
          fsyncPath(tmp);
          renameSync(tmp, file);
          fsyncPath(dir);
        } catch (err) {
          rmSync(tmp, { force: true });
          throw err;
        }
        const total = Object.values(header.rows).reduce((a, b) => a + b, 0);
        console.log(
          `Backup written to ${file} (${header.tables.length} tables, ${total} rows${secret ? ', encrypted' : ''}).`,
        );
        // The last success, for pulso_backup_last_success_timestamp_seconds on every API replica.
        await recordBackup(runtime.database.db, {
          finishedAt: new Date(),
          file: path.basename(file),
          bytes: statSync(file).size,
          encrypted: secret !== undefined,
        });
        if (keep !== undefined || maxAgeDays !== undefined) {
          const old = backupsToPrune(readdirSync(dir), { keep, maxAgeDays, now: Date.now() });
          for (const f of old) unlinkSync(path.join(dir, f));
          if (old.length) console.log(`Removed ${old.length} older backup(s).`);
        }
        return;
      }
      case 'restore': {
        const file = positionals[0]!;
        const { counts } = await restoreFrom(runtime.database.db, file, {
          force: values.force ?? false,
          secret: config.backupSecret,
        });
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(`Restored ${total} rows into ${Object.keys(counts).length} tables.`);
        // Cached sessions and memberships describe the old data; drop them on every server sharing the cache.
        // The restore is committed by now: a cache that cannot be reached is a warning, not a failed restore.
        // Only this deployment's namespace is cleared; another deployment on the same Redis keeps its cache.
        const caches = [runtime.cache];
        if (runtime.namespace) {
          // The backup brought its deployment id back: the processes started from now on use its namespace,
          // whose entries (if any) describe that deployment's data as it was, not as restored. Cleared too.
          const restored = (await deploymentNamespace(runtime.database.db)).namespace;
          if (restored !== runtime.namespace) {
            console.log(`The deployment id is the backup's again (cache namespace ${restored}).`);
            caches.push(
              createRedisCache({ url: config.redisUrl, sentinel: config.redisSentinels }, logger, restored),
            );
          }
        }
        try {
          for (const c of caches) {
            await cacheReady(c);
            await c.clear();
          }
        } catch (err) {
          console.error(
            `pulso: warning: the cache could not be cleared (${(err as Error).message}); restart the API processes`,
          );
        } finally {
          for (const c of caches.slice(1)) await c.close();
        }
        return;
      }
      case 'import-foods': {
        if (gymId !== undefined && !(await services.repos.gyms.gymExists(gymId)))
          throw new UsageError(`no gym with id ${values.gym}`);
        const file = positionals[0]!;
        const line = (r: ImportReport) =>
          `${r.read} rows read: ${r.inserted} new, ${r.updated} updated, ${r.skipped} skipped`;
        // Through the foods service: it tells nutrition which foods changed after each batch, and nutrition
        // retires the cached details of the plans using them in the configured cache (Redis: every API process).
        await cacheReady(runtime.cache);
        const report = await services.foods.importOpenFoodFacts(file, {
          gymId: gymId ?? null,
          onProgress: (r) => process.stderr.write(`  ${line(r)}\n`),
        });
        const reasons = Object.entries(report.reasons)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${n}`);
        console.log(
          `Imported ${file} (${report.format}) into ${gymId ? `gym ${gymId}` : 'the shared foods'}: ${line(report)}.`,
        );
        if (reasons.length) console.log(`Skipped rows by reason: ${reasons.join(', ')}.`);
        return;
      }
      case 'rotate-key': {
        const kr = createKeyring(config.encryptionKey, config.previousEncryptionKeys);
        console.log(`Re-encrypting with key ${kr.currentKid} (keyring: ${kr.kids.join(', ')}).`);
        const reports = await reencrypt(runtime.database.db, kr, {
          mode: 'rotate',
          batch,
          onBatch: (r) => console.log(`  ${r.table}: ${r.rows} rows so far`),
        });
        for (const r of reports) {
          const from = Object.entries(r.fromKeys).map(([kid, n]) => `${n} from key ${kid}`);
          if (r.fromPlaintext) from.push(`${r.fromPlaintext} from plaintext`);
          console.log(
            `${r.table}: ${r.rows} rows re-encrypted${from.length ? ` (values: ${from.join(', ')})` : ''}`,
          );
        }
        console.log(
          'Every encrypted value is now under the current key; the previous keys can leave DATA_ENCRYPTION_PREVIOUS_KEYS once your backups made with them have expired.',
        );
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof RestoreError) {
    console.error(`pulso: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof DecryptionError)
    console.error(
      `pulso: ${err.message}\nThe batches before this value are committed; fix the keyring and run again.`,
    );
  else console.error('pulso:', err instanceof Error ? err.message : err);
  process.exit(1);
});
