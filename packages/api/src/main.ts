import cluster from 'node:cluster';
import { networkInterfaces } from 'node:os';
import { buildApp } from './app.js';
import { seedDemo, printDemo } from './cli/demo.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { localUrl, reachableLines } from './listen-addresses.js';
import { createLogger } from './logger.js';
import { isEmpty, openDatabase } from './platform/db/index.js';
import { ensureDeploymentId } from './platform/deployment.js';
import { isDatabaseUnavailable, pgCode } from './platform/errors.js';
import { lifecycle } from './platform/lifecycle.js';
import { openRuntime, sealPlaintext, VERSION } from './runtime.js';
import { buildServices } from './services.js';

const SHUTDOWN_GRACE_MS = 10_000;

function config(): Readonly<Config> {
  try {
    return loadConfig(process.env, VERSION);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function serve(cfg: Readonly<Config>) {
  const logger = createLogger(cfg.logLevel);
  const isWorker = cluster.isWorker;
  const runtime = await openRuntime(cfg, logger, !isWorker);
  const app = await buildApp({ config: cfg, database: runtime.database, cache: runtime.cache, logger });

  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (cfg.demoData && runtime.database.driver === 'pglite' && (await isEmpty(runtime.database.db))) {
    const services = buildServices({ config: cfg, database: runtime.database, cache: runtime.cache });
    try {
      demo = await seedDemo(services);
    } finally {
      await services.close();
    }
  }

  await app.listen({ port: cfg.port, host: cfg.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  const base = localUrl(cfg.host, port);
  if (!isWorker || cluster.worker?.id === 1) {
    const where = runtime.database.driver === 'pglite' ? `embedded PGlite in ${cfg.dataDir}` : 'PostgreSQL';
    console.log(`Pulso ${VERSION} listening on ${base} (${where}, cache: ${runtime.cache.backend})`);
    console.log(`  API:  ${base}/api/v1`);
    console.log(`  Docs: ${base}/docs`);
    // `localhost` works only on this machine: someone trying it from a laptop needs the network addresses.
    for (const line of reachableLines(cfg.host, port, networkInterfaces())) console.log(line);
    if (demo) printDemo(demo);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    lifecycle.stopping = true;
    logger.info({ signal, delayMs: cfg.shutdownDelayMs }, 'shutting down');
    // Readiness is 503 from now on; requests are still served for the delay, so a balancer that polls
    // readiness (Kubernetes, a health-checking proxy) stops sending new ones before the port closes.
    setTimeout(() => drain(), cfg.shutdownDelayMs);
  };
  const drain = () => {
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing anyway');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    app
      .close()
      .then(() => runtime.close())
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** PULSO_WORKERS=N: the primary migrates once, then runs N workers that share the port (node:cluster). */
async function primary(cfg: Readonly<Config>) {
  const database = await openDatabase({ url: cfg.databaseUrl, dataDir: null, poolMax: 1 });
  await database.migrate();
  await sealPlaintext(database, cfg, createLogger(cfg.logLevel));
  // As openRuntime does after migrating: the workers (which do not migrate) read the id for their namespace.
  await ensureDeploymentId(database.db);
  await database.close();
  let stopping = false;
  for (let i = 0; i < cfg.workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const cfg = config();
const run = cfg.workers > 1 && cluster.isPrimary ? primary(cfg) : serve(cfg);
/**
 * An unreachable server, an unknown database or refused credentials at start-up are configuration mistakes:
 * name the variable to check (the driver's own message only says e.g. "connect ECONNREFUSED 10.0.0.5:5432").
 */
function startError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = pgCode(err);
  if (cfg.databaseUrl && (isDatabaseUnavailable(err) || code === '3D000' || code?.startsWith('28')))
    return `cannot use the database named by DATABASE_URL: ${message}`;
  return message;
}

run.catch((err: unknown) => {
  console.error('Pulso failed to start:', startError(err));
  process.exit(1);
});
