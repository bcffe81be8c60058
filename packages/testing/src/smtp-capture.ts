import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** One email received by the capture server. */
export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  /** The HTML alternative; empty when the message had none. */
  html: string;
  /** Headers by lower-case name (the last value when one repeats). */
  headers: Record<string, string>;
}

/** A real SMTP server on loopback that keeps every message it receives. */
export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  /** Resolves with the first message to `address` matching `subject` (polls until the deadline). */
  waitFor(address: string, subject?: RegExp, timeoutMs?: number): Promise<CapturedMail>;
  stop(): Promise<void>;
}

/** Starts an SMTP server on a free loopback port (no TLS, no auth) that captures mail for tests. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const parsed = await PostalMime.parse(Buffer.concat(chunks));
        messages.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html ?? '',
          headers: Object.fromEntries(parsed.headers.map((header) => [header.key, header.value])),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(address, subject, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(
          (message) =>
            message.to.includes(address.toLowerCase()) && (!subject || subject.test(message.subject)),
        );
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no mail to ${address} matching ${subject} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
