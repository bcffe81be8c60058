import type { BoundHandler } from '../../http/handler.ts';
import { pingHeartbeat, pingHeartbeatPost } from './ping.ts';

export { recordHeartbeatPing } from './record-ping.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [pingHeartbeat, pingHeartbeatPost];
