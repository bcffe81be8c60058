import type { AlertEvent } from '@vantage/queue';

/** What a delivery sends to an HTTP channel: JSON for one POST. */
export interface JsonMessage {
  body: Record<string, unknown>;
}

/** The webhook body (documented in WEBHOOKS.md); `deliveryId` lets receivers drop repeats. */
export function webhookBody(event: AlertEvent, deliveryId: string): JsonMessage {
  return {
    body: {
      deliveryId,
      eventId: event.eventId,
      type: event.kind,
      at: event.at,
      title: event.title,
      summary: event.summary,
      regions: event.regions,
      monitorId: event.monitorId,
      incidentId: event.incidentId,
    },
  };
}

/** A Slack incoming-webhook message. */
export function slackBody(event: AlertEvent): JsonMessage {
  return {
    body: {
      text: event.title,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${event.title}*\n${event.summary}` } }],
    },
  };
}

const discordColors: Partial<Record<AlertEvent['kind'], number>> = {
  'monitor.down': 0xd92d20,
  'monitor.reminder': 0xd92d20,
  'heartbeat.missed': 0xd92d20,
  'monitor.degraded': 0xf79009,
  'tls.expiring': 0xf79009,
  'monitor.recovered': 0x12b76a,
  'incident.resolved': 0x12b76a,
};

/** A Discord webhook message with one embed. */
export function discordBody(event: AlertEvent): JsonMessage {
  return {
    body: {
      username: 'Vantage',
      embeds: [
        {
          title: event.title.slice(0, 256),
          description: event.summary.slice(0, 4000),
          color: discordColors[event.kind] ?? 0x667085,
          timestamp: event.at,
        },
      ],
    },
  };
}

const resolvingKinds: ReadonlySet<AlertEvent['kind']> = new Set(['monitor.recovered', 'incident.resolved']);
const warningKinds: ReadonlySet<AlertEvent['kind']> = new Set(['monitor.degraded', 'tls.expiring']);

/** A PagerDuty Events v2 trigger or resolve; the dedup key is the monitor, so recovery resolves the page. */
export function pagerDutyBody(event: AlertEvent, routingKey: string): JsonMessage {
  const subject = event.monitorId ?? event.incidentId ?? event.eventId;
  // A certificate warning is its own alert: resolving an outage must not close it, nor the reverse.
  const dedupKey = event.kind === 'tls.expiring' ? `${subject}:tls` : subject;
  if (resolvingKinds.has(event.kind)) {
    return { body: { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey } };
  }
  const severity = event.kind === 'test' ? 'info' : warningKinds.has(event.kind) ? 'warning' : 'critical';
  return {
    body: {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: event.title.slice(0, 1024),
        source: 'vantage',
        severity,
        timestamp: event.at,
        custom_details: { kind: event.kind, summary: event.summary, regions: event.regions },
      },
    },
  };
}

/** An alert email: subject, plain text and the same in HTML. */
export function alertEmail(
  event: AlertEvent,
  webUrl: string,
): { subject: string; text: string; html: string } {
  const link = event.monitorId ? `${webUrl}/monitors/${event.monitorId}` : webUrl;
  const regions = event.regions.length > 0 ? `Regions: ${event.regions.join(', ')}\n` : '';
  const text = `${event.title}\n\n${event.summary}\n\n${regions}At: ${event.at}\n\n${link}\n`;
  const html = [
    `<h2>${escapeHtml(event.title)}</h2>`,
    `<p style="white-space:pre-line">${escapeHtml(event.summary)}</p>`,
    regions ? `<p>${escapeHtml(regions)}</p>` : '',
    `<p>At: ${escapeHtml(event.at)}</p>`,
    `<p><a href="${escapeHtml(link)}">Open in Vantage</a></p>`,
  ].join('\n');
  return { subject: `[Vantage] ${event.title}`, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
