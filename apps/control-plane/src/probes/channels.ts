import type { ControlPlaneConfig } from '../config.ts';

/** Redis pub/sub channels the control-plane instances talk over. */
export function channelsOf(config: Pick<ControlPlaneConfig, 'redisKeyPrefix'>) {
  const prefix = config.redisKeyPrefix;
  return {
    /** Monitor created, changed, paused, resumed or deleted (published by the monitors service). */
    monitorChanges: `${prefix}monitor-changes`,
    /** A probe joined or left a region: `{ region }`. */
    presence: `${prefix}probe-presence`,
    /** A one-shot check for the instance holding the chosen probe: `CheckNowRequest`. */
    checkNowRequests: `${prefix}check-now-requests`,
    /** A one-shot check's result for the instance waiting on it: `{ requestId, result }`. */
    checkNowResults: `${prefix}check-now-results`,
  };
}
