import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type FastifyChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = Parameters<FastifyBaseLogger['info']>;

/**
 * `req.log` without a pino child per request. Fastify makes `logger.child({ reqId })` for every request,
 * which costs a tenth of a bare route's CPU (bench/RESULTS.md, "Gym mix"), while a production server at
 * `LOG_LEVEL=warn` writes a line for almost none of them. This stand-in makes the child on the first call
 * at an enabled level, so a line written through it is exactly what the child would have written.
 */
class RequestLogger {
  private made: FastifyBaseLogger | undefined;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.opts));
  }

  private write(level: Level, args: LogArgs) {
    if (this.made || isEnabled(this.parent, level)) this.real[level](...args);
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }
  set level(value: string) {
    this.real.level = value;
  }
  child(bindings: Bindings, opts?: ChildOptions): FastifyBaseLogger {
    return this.real.child(bindings, opts);
  }
  fatal(...args: LogArgs) {
    this.write('fatal', args);
  }
  error(...args: LogArgs) {
    this.write('error', args);
  }
  warn(...args: LogArgs) {
    this.write('warn', args);
  }
  info(...args: LogArgs) {
    this.write('info', args);
  }
  debug(...args: LogArgs) {
    this.write('debug', args);
  }
  trace(...args: LogArgs) {
    this.write('trace', args);
  }
  silent() {}
}

function isEnabled(logger: FastifyBaseLogger, level: Level): boolean {
  const check = (logger as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled;
  return check ? check.call(logger, level) : true;
}

/** Fastify's `childLoggerFactory`: a route with its own `logLevel` gets a real child at once. */
export const requestLoggerFactory: FastifyChildLoggerFactory = (logger, bindings, opts) =>
  opts.level !== undefined ? logger.child(bindings, opts) : new RequestLogger(logger, bindings, opts);
