import { createTransport } from 'nodemailer';
import type { Config } from '../config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close?(): void;
}

interface MailLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The configured transport. `log` is for development: the mail, link included, goes to the log so a developer
 * can follow it; in production the same transport logs only that a mail was not sent (its links are
 * credentials). Mails never carry a password.
 */
export function createMailer(config: Readonly<Config>, log: MailLogger): Mailer {
  const { mail } = config;
  if (mail.transport === 'smtp') {
    // nodemailer reads host, port, credentials and TLS from the URL (smtps:// for implicit TLS).
    const transport = createTransport(mail.smtpUrl);
    return {
      async send(m) {
        await transport.sendMail({ from: mail.from, to: m.to, subject: m.subject, text: m.text });
      },
      close: () => transport.close(),
    };
  }
  const production = config.env === 'production';
  return {
    async send(m) {
      if (production)
        log.warn({ mail: { subject: m.subject } }, 'mail not sent: MAIL_TRANSPORT=log (set smtp to deliver)');
      // Not the recipient: logs never carry e-mail addresses (the text names nobody).
      else log.info({ mail: { subject: m.subject, text: m.text } }, 'mail (log transport)');
    },
  };
}

/** Keeps what would have been sent, for tests. */
export function createCaptureMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    async send(m) {
      sent.push(m);
    },
  };
}
