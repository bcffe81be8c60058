import * as z from 'zod';
import { commonShape, fields } from './fields.ts';

/**
 * A heartbeat (push) monitor: the customer's job pings us; it is down when no ping arrived within
 * `expectedEverySeconds + graceSeconds`. No probe runs it, so it has no interval, timeout or thresholds;
 * `regions` is always empty and `quorum` always null, kept so every spec has the same shape there.
 */
export const heartbeatMonitorSchema = z.strictObject({
  type: z.literal('heartbeat'),
  ...commonShape,
  regions: fields.regions.max(0, 'Heartbeat monitors are pushed to us and run in no region').default([]),
  quorum: z.null().default(null),
  expectedEverySeconds: z.int().min(30).max(2_592_000),
  graceSeconds: z.int().min(0).max(86_400).default(60),
});

/** A validated heartbeat monitor spec. */
export type HeartbeatMonitorSpec = z.output<typeof heartbeatMonitorSchema>;
