import type { AlertChannelKind } from './alert-channels.ts';
import { alertChannelKinds } from './alert-channels.ts';
import type { MonitorKind } from './monitor/spec.ts';
import { monitorKinds } from './monitor/spec.ts';

/** The plans an organization can be on, cheapest first. */
export const planIds = ['free', 'pro', 'business', 'unlimited'] as const;

/** One plan id. */
export type PlanId = (typeof planIds)[number];

/** Features a plan switches on or off (each maps to the limit code `limit.<feature>`). */
export const planFeatures = [
  'api_access',
  'custom_branding',
  'custom_domains',
  'maintenance_windows',
  'password_protected_pages',
] as const;

/** One switchable plan feature. */
export type PlanFeature = (typeof planFeatures)[number];

/** What a plan allows; `null` means no limit. */
export type Plan = {
  id: PlanId;
  name: string;
  /** Active (not paused) monitors per organization. */
  maxMonitors: number | null;
  /** Shortest check interval (and heartbeat period) a monitor may use. */
  minIntervalSeconds: number;
  maxRegionsPerMonitor: number | null;
  monitorKinds: readonly MonitorKind[];
  maxStatusPages: number | null;
  alertChannelKinds: readonly AlertChannelKind[];
  /** Members plus pending invitations. */
  maxMembers: number | null;
  /** How long raw check results are kept (the ClickHouse row TTL); null keeps them forever. */
  historyRetentionDays: number | null;
  features: readonly PlanFeature[];
  /** List price per month in US dollars when paid monthly; null when the plan is not sold. */
  priceMonthlyUsd: number | null;
  /** List price per year in US dollars when paid yearly; null when the plan is not sold. */
  priceYearlyUsd: number | null;
};

/** Every plan, keyed by id: the single source of plan limits. */
export const plans: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: 'free',
    name: 'Free',
    maxMonitors: 5,
    minIntervalSeconds: 300,
    maxRegionsPerMonitor: 2,
    monitorKinds: ['http', 'tcp', 'dns', 'heartbeat'],
    maxStatusPages: 1,
    alertChannelKinds: ['email'],
    maxMembers: 1,
    historyRetentionDays: 1,
    features: [],
    priceMonthlyUsd: 0,
    priceYearlyUsd: 0,
  },
  pro: {
    id: 'pro',
    name: 'Pro',
    maxMonitors: 50,
    minIntervalSeconds: 60,
    maxRegionsPerMonitor: null,
    monitorKinds,
    maxStatusPages: 5,
    alertChannelKinds: ['email', 'webhook', 'slack', 'discord'],
    maxMembers: 5,
    historyRetentionDays: 90,
    features: ['custom_branding'],
    priceMonthlyUsd: 29,
    priceYearlyUsd: 290,
  },
  business: {
    id: 'business',
    name: 'Business',
    maxMonitors: null,
    minIntervalSeconds: 30,
    maxRegionsPerMonitor: null,
    monitorKinds,
    maxStatusPages: null,
    alertChannelKinds,
    maxMembers: null,
    historyRetentionDays: 365,
    features: planFeatures,
    priceMonthlyUsd: 99,
    priceYearlyUsd: 990,
  },
  unlimited: {
    id: 'unlimited',
    name: 'Unlimited',
    maxMonitors: null,
    minIntervalSeconds: 1,
    maxRegionsPerMonitor: null,
    monitorKinds,
    maxStatusPages: null,
    alertChannelKinds,
    maxMembers: null,
    historyRetentionDays: null,
    features: planFeatures,
    priceMonthlyUsd: null,
    priceYearlyUsd: null,
  },
};

/** Whether `value` names a plan. */
export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (planIds as readonly string[]).includes(value);
}

/** Whether `plan` includes `feature`. */
export function hasFeature(plan: Plan, feature: PlanFeature): boolean {
  return plan.features.includes(feature);
}
