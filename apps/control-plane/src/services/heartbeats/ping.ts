import { heartbeatEndpoints } from '@vantage/api-contract';
import { handler } from '../../http/handler.ts';
import { recordHeartbeatPing } from './record-ping.ts';

/** `GET /heartbeat/{token}`. */
export const pingHeartbeat = handler(heartbeatEndpoints.pingGet, async (request) =>
  recordHeartbeatPing(request.app, request.params.token),
);

/** `POST /heartbeat/{token}` (the body is ignored). */
export const pingHeartbeatPost = handler(heartbeatEndpoints.pingPost, async (request) =>
  recordHeartbeatPing(request.app, request.params.token),
);
