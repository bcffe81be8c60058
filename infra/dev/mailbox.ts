import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** One message the local mailbox received. */
export interface MailboxMessage {
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** The launcher's mail catcher: an SMTP server plus a page that shows what it caught. */
export interface Mailbox {
  /** `smtp://127.0.0.1:<port>`: the control plane's SMTP_URL. */
  smtpUrl: string;
  /** The page listing the latest messages, newest first. */
  pageUrl: string;
  messages(): readonly MailboxMessage[];
  stop(): Promise<void>;
}

/** Options of `startMailbox`; port 0 picks a free port. */
export interface MailboxOptions {
  smtpPort: number;
  httpPort: number;
  /** Messages kept (older ones are dropped); default 200. */
  keep?: number;
  /** Called for every message, e.g. to print a line in the launcher's output. */
  onMessage?: (message: MailboxMessage) => void;
}

/** Starts a loopback SMTP server (no TLS, no auth) that keeps the latest mail and serves it as HTML. */
export async function startMailbox(options: MailboxOptions): Promise<Mailbox> {
  const keep = options.keep ?? 200;
  const kept: MailboxMessage[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks)).then((parsed) => {
          const message: MailboxMessage = {
            receivedAt: new Date(),
            from: parsed.from?.address ?? (session.envelope.mailFrom || { address: '' }).address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          };
          kept.unshift(message);
          kept.splice(keep);
          options.onMessage?.(message);
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort, '127.0.0.1', () => resolve());
  });
  const page = createServer((request, response) => {
    if (request.url === '/messages.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(kept));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderPage(kept));
  });
  await listen(page, options.httpPort);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (page.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    pageUrl: `http://127.0.0.1:${httpPort}/`,
    messages: () => kept,
    async stop() {
      page.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => page.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function renderPage(messages: readonly MailboxMessage[]): string {
  const items = messages.map(
    (message) => `<article>
  <h2>${escapeHtml(message.subject || '(no subject)')}</h2>
  <p class="meta">${escapeHtml(message.receivedAt.toISOString())} · to ${escapeHtml(message.to.join(', '))} · from ${escapeHtml(message.from)}</p>
  <pre>${escapeHtml(message.text)}</pre>
</article>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Vantage mailbox (${messages.length})</title>
<style>body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1rem;margin:.25rem 0}.meta{color:#666;margin:0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style></head>
<body><h1>Mail sent by this Vantage</h1>
<p>The latest ${messages.length} messages, newest first (this page refreshes every 5 s).</p>
${items.join('\n') || '<p>No mail yet.</p>'}
</body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
