/** The one list of alert channel kinds (DESIGN.md §7). */
export const alertChannelKinds = ['email', 'webhook', 'slack', 'discord', 'pagerduty'] as const;

/** One alert channel kind. */
export type AlertChannelKind = (typeof alertChannelKinds)[number];
