import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** One outgoing email. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Optional HTML alternative of `text`. */
  html?: string;
  /** Extra headers, e.g. `List-Unsubscribe`. */
  headers?: Record<string, string>;
}

/** Sends email; SMTP in production, the log in development. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Sends through an SMTP server (`smtp://user:pass@host:port`). */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    async close() {
      transport.close();
    },
  } satisfies Mailer;
}

/** Writes mail to the log instead of sending it (no SMTP configured). */
export function createLogMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger.info({ mail: message }, `mail to ${message.to}: ${message.subject}`);
    },
    async close() {},
  } satisfies Mailer;
}
