import type { BoundHandler } from '../../http/handler.ts';
import { checkMonitorNow } from './check-monitor.ts';
import { checkSpecNow } from './check-spec.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [checkSpecNow, checkMonitorNow];
