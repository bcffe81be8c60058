import type { BoundHandler } from '../../http/handler.ts';
import { getMonitorOverview } from './overview.ts';

/** The handlers of this area, in the order they are registered (before `/monitors/{id}`, which would shadow them). */
export const handlers: BoundHandler[] = [getMonitorOverview];
