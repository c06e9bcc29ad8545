import { pino, type Logger } from 'pino';

/**
 * JSON logs (one line per request, see app.ts). Credentials and personal data are redacted wherever a
 * future log call might pass them along.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.current_password',
        '*.access_token',
        '*.refresh_token',
        '*.email',
        'err.detail',
        'err.parameters',
        'err.params',
        'err.query',
      ],
      censor: '[redacted]',
    },
  });
}
