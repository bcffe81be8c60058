import { randomBytes } from 'node:crypto';
import type { AlertChannelRecord } from '@vantage/db';
import type { AlertChannelKind } from '@vantage/domain';
import { openSecrets, sealSecrets } from './secrets.ts';

/** A channel's complete settings, secrets opened, as senders use them. */
export type ChannelSettings =
  | { type: 'email'; to: string[] }
  | { type: 'webhook'; url: string; secret: string }
  | { type: 'slack' | 'discord'; webhookUrl: string }
  | { type: 'pagerduty'; routingKey: string };

/** Fields of each kind that are sealed at rest (DESIGN.md §8); the rest is stored as plain JSON. */
const secretFields: Record<AlertChannelKind, readonly string[]> = {
  email: [],
  webhook: ['secret'],
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  pagerduty: ['routingKey'],
};

/** A new webhook signing secret (`whsec_` + 192 random bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** Splits request settings into what is stored plainly and what is sealed under the app key. */
export function sealChannelConfig(
  appKey: Buffer,
  channelId: string,
  type: AlertChannelKind,
  config: Record<string, unknown>,
): { config: Record<string, unknown>; sealedSecrets: Buffer | null } {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (secretFields[type].includes(key)) secrets[key] = String(value);
    else plain[key] = value;
  }
  const sealed = Object.keys(secrets).length > 0 ? sealSecrets(appKey, channelId, secrets) : null;
  return { config: plain, sealedSecrets: sealed };
}

/** A stored channel's complete settings (secrets opened). */
export function channelSettings(appKey: Buffer, channel: AlertChannelRecord): ChannelSettings {
  const secrets = channel.sealedSecrets ? openSecrets(appKey, channel.id, channel.sealedSecrets) : {};
  return { type: channel.type, ...channel.config, ...secrets } as ChannelSettings;
}

/** Settings as the API shows them: secrets masked unless `reveal` (the create response only). */
export function shownConfig(settings: ChannelSettings, reveal: boolean): Record<string, string | string[]> {
  const { type, ...fields } = settings;
  const shown: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(fields) as [string, string | string[]][]) {
    shown[key] = reveal || !secretFields[type].includes(key) ? value : mask(String(value));
  }
  return shown;
}

// Enough to recognise a value by, never enough to use it.
function mask(value: string): string {
  if (/^https?:\/\//.test(value)) return `${new URL(value).origin}/…`;
  return `…${value.slice(-4)}`;
}
