// Alert-channel forms: each kind's settings as form fields ↔ the API's `config`.
import { list, optionalInt, text } from './forms.ts';

/** Channel kinds, as the form names them. */
export const channelKinds = [
  { value: 'email', label: 'Email' },
  { value: 'webhook', label: 'Webhook (signed JSON)' },
  { value: 'slack', label: 'Slack' },
  { value: 'discord', label: 'Discord' },
  { value: 'pagerduty', label: 'PagerDuty (Events API v2)' },
] as const;

/** One channel kind. */
export type ChannelKind = (typeof channelKinds)[number]['value'];

/** Events a channel can be told about, in words. */
export const notifyChoices = [
  { value: 'down', label: 'Monitor down' },
  { value: 'degraded', label: 'Degraded / partial outage' },
  { value: 'recovered', label: 'Recovered' },
  { value: 'reminder', label: 'Reminders while still down' },
  { value: 'tls', label: 'TLS certificate expiring' },
  { value: 'heartbeat', label: 'Heartbeat missed' },
  { value: 'incident', label: 'Incidents opened, updated, resolved' },
] as const;

/** What a new channel is told about unless the person changes it. */
export const defaultNotifyOn = ['down', 'recovered', 'reminder', 'tls', 'heartbeat'];

/** The kind's name for people. */
export function kindLabel(kind: string): string {
  return channelKinds.find((k) => k.value === kind)?.label ?? kind;
}

/** Addresses typed one per line or separated by commas. */
function addresses(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * A kind's `config` from the form. When editing, secret fields left blank keep the stored value: the
 * settings are then left out (`undefined`) unless the kind has plain fields that were shown filled in.
 */
export function readChannelConfig(
  kind: string,
  values: Record<string, unknown>,
  editing = false,
): Record<string, unknown> | undefined {
  const secretOrKeep = (value: string, build: () => Record<string, unknown>) =>
    editing && value.trim() === '' ? undefined : build();
  switch (kind) {
    case 'email':
      return { to: addresses(text(values, 'to')) };
    case 'webhook': {
      const secret = text(values, 'secret').trim();
      return { url: text(values, 'url').trim(), ...(secret ? { secret } : {}) };
    }
    case 'slack':
      return secretOrKeep(text(values, 'slackWebhookUrl'), () => ({
        webhookUrl: text(values, 'slackWebhookUrl').trim(),
      }));
    case 'discord':
      return secretOrKeep(text(values, 'discordWebhookUrl'), () => ({
        webhookUrl: text(values, 'discordWebhookUrl').trim(),
      }));
    case 'pagerduty':
      return secretOrKeep(text(values, 'routingKey'), () => ({
        routingKey: text(values, 'routingKey').trim(),
      }));
    default:
      return {};
  }
}

/** The alerting policy part of the form: events and reminder interval. */
export function readPolicy(values: Record<string, unknown>) {
  return {
    notifyOn: list(values, 'notifyOn[]') as (typeof notifyChoices)[number]['value'][],
    reminderEveryMinutes: optionalInt(text(values, 'reminderEveryMinutes')),
  };
}

/** Where a channel sends to, in one line (secrets come masked from the API). */
export function destinationOf(kind: string, config: Record<string, string | string[]>): string {
  const value =
    kind === 'email' ? config.to : kind === 'webhook' ? config.url : (config.webhookUrl ?? config.routingKey);
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
