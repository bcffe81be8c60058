import type { Plan } from '@vantage/domain';

/** A plan as pricing cards show it: plain data, so pages need not ship the domain package. */
export interface PlanCard {
  id: string;
  name: string;
  priceMonthlyUsd: number;
  priceYearlyUsd: number;
  highlights: string[];
}

const featureNames: Record<string, string> = {
  api_access: 'REST API and API keys',
  custom_branding: 'Status-page branding',
  custom_domains: 'Custom status-page domains',
  maintenance_windows: 'Maintenance windows',
  password_protected_pages: 'Password-protected status pages',
};

const channelNames: Record<string, string> = {
  email: 'email',
  webhook: 'webhooks',
  slack: 'Slack',
  discord: 'Discord',
  pagerduty: 'PagerDuty',
};

function interval(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} & ${items.at(-1)}`;
}

/** What a plan gives, in the words of a pricing card. */
export function planHighlights(plan: Plan): string[] {
  const lines = [
    plan.maxMonitors === null ? 'Unlimited monitors' : `${plan.maxMonitors} monitors`,
    `Checks every ${interval(plan.minIntervalSeconds)}`,
    plan.maxRegionsPerMonitor === null ? 'Every region' : `${plan.maxRegionsPerMonitor} regions per monitor`,
    plan.maxStatusPages === null
      ? 'Unlimited status pages'
      : `${plan.maxStatusPages} status ${plan.maxStatusPages === 1 ? 'page' : 'pages'}`,
    plan.maxMembers === null
      ? 'Unlimited team members'
      : plan.maxMembers === 1
        ? 'Just you'
        : `${plan.maxMembers} team members`,
    plan.historyRetentionDays === null
      ? 'History kept forever'
      : plan.historyRetentionDays === 1
        ? '24 hours of check history'
        : `${plan.historyRetentionDays} days of check history`,
    `Alerts by ${list(plan.alertChannelKinds.map((kind) => channelNames[kind] ?? kind))}`,
  ];
  if (plan.monitorKinds.includes('tls')) lines.push('TLS certificate monitors');
  return lines.concat(plan.features.map((feature) => featureNames[feature] ?? feature));
}

/** The plans that are sold (they have a price), as pricing cards. */
export function planCards(plans: readonly Plan[]): PlanCard[] {
  return plans.flatMap((plan) =>
    plan.priceMonthlyUsd === null || plan.priceYearlyUsd === null
      ? []
      : [
          {
            id: plan.id,
            name: plan.name,
            priceMonthlyUsd: plan.priceMonthlyUsd,
            priceYearlyUsd: plan.priceYearlyUsd,
            highlights: planHighlights(plan),
          },
        ],
  );
}
