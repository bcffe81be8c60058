import { subscriberEndpoints } from '@vantage/api-contract';
import type { ControlPlaneConfig } from '../../config.ts';
import { issueSubscriptionToken, type SubscriptionTokenPurpose } from './tokens.ts';

const webBase = (config: { webUrl: string }) => config.webUrl.replace(/\/$/, '');

/** The public address of a status page in the web app. */
export function pageUrl(config: ControlPlaneConfig, slug: string): string {
  return `${webBase(config)}/s/${encodeURIComponent(slug)}`;
}

/** A signed web-app link that confirms or stops a subscription (`issuedAt` dates a confirmation link). */
export function subscriptionLink(
  config: Pick<ControlPlaneConfig, 'webUrl' | 'appKey'>,
  purpose: SubscriptionTokenPurpose,
  subscription: { slug: string; subscriberId: string; issuedAt?: Date },
): string {
  const token = issueSubscriptionToken(
    config.appKey,
    purpose,
    subscription.subscriberId,
    subscription.issuedAt ?? new Date(0),
  );
  const path = subscriberEndpoints.subscriptionLinkPaths[purpose]
    .replace('{slug}', encodeURIComponent(subscription.slug))
    .replace('{token}', encodeURIComponent(token));
  return `${webBase(config)}${path}`;
}
