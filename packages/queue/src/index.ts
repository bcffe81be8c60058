export { type AlertEvent, alertEventSchema, bullPrefix, queueNames } from './alerts.ts';
export { createRedis, pingRedis, type Redis } from './redis.ts';
