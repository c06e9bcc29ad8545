import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PASSWORD_MIN } from '@pulso/contracts';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { backupTo, RestoreError, restoreFrom } from '../platform/db/backup.js';
import { isEmpty } from '../platform/db/index.js';
import { openRuntime, VERSION } from '../runtime.js';
import { buildServices } from '../services.js';
import { printDemo, seedDemo } from './demo.js';

const USAGE = `Usage: pulso <command> [options]

Commands:
  migrate                          apply database migrations
  seed --demo                      create the demo gym and its accounts (empty database only)
  create-admin --email E --password P [--name N] [--gym ID]
                                   create (or reset) a platform administrator; with --gym, make them its owner
  backup --out FILE|DIR [--keep N] write a portable backup (gzip NDJSON); with a directory, keep the newest N
  restore FILE [--force]           restore a backup into this database (--force replaces existing data)
  openapi --out FILE               write the OpenAPI document

The database and cache come from the same environment as the server (DATABASE_URL, PULSO_DATA_DIR, ...).`;

class UsageError extends Error {}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      gym: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const config = loadConfig({ PULSO_DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...process.env }, VERSION);
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger, true);
  try {
    const services = buildServices({ config, database: runtime.database, cache: runtime.cache });
    switch (command) {
      case 'migrate':
        console.log('Migrations applied.');
        return;
      case 'seed': {
        if (!values.demo) throw new UsageError('seed needs --demo');
        if (!(await isEmpty(runtime.database.db)))
          throw new UsageError('the database already has accounts; not seeding');
        printDemo(await seedDemo(services));
        return;
      }
      case 'create-admin': {
        const { email, password } = values;
        if (!email || !password) throw new UsageError('create-admin needs --email and --password');
        if (password.length < PASSWORD_MIN)
          throw new UsageError(`--password needs at least ${PASSWORD_MIN} characters`);
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
        if (values.gym) {
          const gymId = Number(values.gym);
          if (!Number.isInteger(gymId) || !(await services.repos.gyms.gymExists(gymId)))
            throw new UsageError(`no gym with id ${values.gym}`);
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
        const keep = values.keep === undefined ? undefined : Number(values.keep);
        if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
          throw new UsageError('--keep needs a positive integer');
        const isDir =
          values.out.endsWith('/') ||
          (statSync(values.out, { throwIfNoEntry: false })?.isDirectory() ?? false);
        const dir = isDir ? values.out : path.dirname(values.out);
        mkdirSync(dir, { recursive: true });
        const stamp = new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z');
        const file = isDir ? path.join(dir, `pulso-backup-${stamp}.ndjson.gz`) : values.out;
        const tmp = `${file}.partial`;
        const header = await backupTo(runtime.database.db, runtime.database.driver, tmp);
        renameSync(tmp, file);
        const total = Object.values(header.rows).reduce((a, b) => a + b, 0);
        console.log(`Backup written to ${file} (${header.tables.length} tables, ${total} rows).`);
        if (keep !== undefined) {
          const old = readdirSync(dir)
            .filter((f) => /^pulso-backup-.*\.ndjson\.gz$/.test(f))
            .sort()
            .reverse()
            .slice(keep);
          for (const f of old) unlinkSync(path.join(dir, f));
          if (old.length) console.log(`Removed ${old.length} older backup(s).`);
        }
        return;
      }
      case 'restore': {
        const file = positionals[0];
        if (!file) throw new UsageError('restore needs the backup file');
        const { counts } = await restoreFrom(runtime.database.db, file, { force: values.force ?? false });
        // Cached sessions and memberships describe the old data; drop them on every server sharing the cache.
        await runtime.cache.clear();
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        console.log(`Restored ${total} rows into ${Object.keys(counts).length} tables.`);
        return;
      }
      case 'openapi': {
        if (!values.out) throw new UsageError('openapi needs --out FILE');
        const app = await buildApp({ config, database: runtime.database, cache: runtime.cache, logger });
        await app.ready();
        writeFileSync(values.out, JSON.stringify(app.swagger(), null, 2) + '\n');
        await app.close();
        console.log(`OpenAPI document written to ${values.out}.`);
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
  console.error('pulso:', err instanceof Error ? err.message : err);
  process.exit(1);
});
