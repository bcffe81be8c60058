import type { monitorEndpoints } from '@vantage/api-contract';
import type { MonitorRecord } from '@vantage/db';
import type { ControlPlaneConfig } from '../../config.ts';

/** The secret URL a heartbeat monitor's job pings. */
export function heartbeatUrlOf(config: ControlPlaneConfig, token: string): string {
  return `${config.publicUrl}/api/v1/heartbeat/${token}`;
}

/** Monitor record → API shape: the spec, a status that reads `paused` while paused, and the ping URL. */
export function toMonitorDto(
  config: ControlPlaneConfig,
  monitor: MonitorRecord,
): monitorEndpoints.MonitorDto {
  const state = {
    id: monitor.id,
    status: monitor.paused ? ('paused' as const) : monitor.status,
    paused: monitor.paused,
    pausedReason: monitor.pausedReason,
    createdAt: monitor.createdAt.toISOString(),
    updatedAt: monitor.updatedAt.toISOString(),
  };
  const { spec } = monitor;
  if (spec.type !== 'heartbeat') return { ...spec, ...state };
  return { ...spec, ...state, heartbeatUrl: heartbeatUrlOf(config, monitor.heartbeatToken ?? '') };
}
