export { createRedis, pingRedis, type Redis } from './redis.ts';
