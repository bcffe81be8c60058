import type { BoundHandler } from '../../http/handler.ts';
import { listMonitorResults } from './list.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [listMonitorResults];
