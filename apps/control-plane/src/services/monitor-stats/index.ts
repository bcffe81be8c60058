import type { BoundHandler } from '../../http/handler.ts';
import { getMonitorDailyBars } from './daily-bars.ts';
import { getMonitorLatency } from './latency.ts';
import { getMonitorUptime } from './uptime.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [getMonitorUptime, getMonitorLatency, getMonitorDailyBars];
