import type { AlertEvent } from '@vantage/queue';
import { type Dispatcher, request } from 'undici';
import type { AppContext } from '../context.ts';
import type { MailMessage } from '../mail/mailer.ts';
import type { ChannelSettings } from './channel-config.ts';
import { pinnedDispatcher } from './destination.ts';
import { alertEmail, discordBody, pagerDutyBody, slackBody, webhookBody } from './formats.ts';
import { signWebhook } from './signature.ts';

/** How one try went: the receiver's HTTP status (2xx = delivered) or the error when none came. */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

const sendTimeoutMs = 10_000;

/** Sends one alert event to one channel, once; never throws for the receiver's faults. */
export async function sendToChannel(
  app: AppContext,
  settings: ChannelSettings,
  event: AlertEvent,
  deliveryId: string,
): Promise<SendOutcome> {
  try {
    switch (settings.type) {
      case 'email':
        return await sendEmail(app, settings.to, event);
      case 'webhook': {
        const body = JSON.stringify(webhookBody(event, deliveryId).body);
        const signature = signWebhook(settings.secret, body, Math.floor(Date.now() / 1000));
        const headers = { 'vantage-signature': signature, 'vantage-delivery-id': deliveryId };
        return await postJson(app, settings.url, body, headers, true);
      }
      case 'slack':
        return await postJson(app, settings.webhookUrl, JSON.stringify(slackBody(event).body), {}, true);
      case 'discord':
        return await postJson(app, settings.webhookUrl, JSON.stringify(discordBody(event).body), {}, true);
      case 'pagerduty': {
        const body = JSON.stringify(pagerDutyBody(event, settings.routingKey).body);
        // The PagerDuty endpoint is the operator's setting, not a customer's URL: no address check.
        return await postJson(app, app.config.pagerDutyEventsUrl, body, {}, false);
      }
    }
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function sendEmail(app: AppContext, to: string[], event: AlertEvent): Promise<SendOutcome> {
  // `html` travels through to nodemailer with the rest of the message.
  const message: MailMessage & { html: string } = {
    to: to.join(', '),
    ...alertEmail(event, app.config.webUrl),
  };
  await app.mailer.send(message);
  return { ok: true, statusCode: null, error: null };
}

/** POSTs JSON once; a customer's URL is checked against the SSRF rules and the connection pinned. */
export async function postJson(
  app: AppContext,
  url: string,
  body: string,
  headers: Record<string, string>,
  customerUrl: boolean,
): Promise<SendOutcome> {
  const dispatcher: Dispatcher | undefined = customerUrl
    ? await pinnedDispatcher(url, app.config.allowPrivateTargets)
    : undefined;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Vantage-Alerts/1', ...headers },
      body,
      dispatcher,
      signal: AbortSignal.timeout(sendTimeoutMs),
      headersTimeout: sendTimeoutMs,
      bodyTimeout: sendTimeoutMs,
    });
    await response.body.dump();
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { ok, statusCode: response.statusCode, error: ok ? null : `HTTP ${response.statusCode}` };
  } finally {
    await dispatcher?.close();
  }
}
