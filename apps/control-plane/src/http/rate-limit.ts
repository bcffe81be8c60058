import type { RateLimitRule } from '@vantage/api-contract';
import { ServiceError } from '@vantage/domain';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppContext } from '../context.ts';

/** Fixed-window limiters in Redis, one per rule, shared by every control-plane instance. */
export type RateLimiters = Record<RateLimitRule, RateLimiterRedis>;

/** Builds the limiters from configuration. */
export function createRateLimiters(app: Pick<AppContext, 'config' | 'redis'>): RateLimiters {
  const make = (rule: RateLimitRule) =>
    new RateLimiterRedis({
      storeClient: app.redis,
      keyPrefix: `${app.config.redisKeyPrefix}ratelimit:${rule}`,
      points: app.config.rateLimits[rule].points,
      duration: app.config.rateLimits[rule].durationSeconds,
    });
  return {
    login: make('login'),
    register: make('register'),
    passwordReset: make('passwordReset'),
    invitationAccept: make('invitationAccept'),
    statusPageAccess: make('statusPageAccess'),
    subscribe: make('subscribe'),
  };
}

/** Counts one attempt against a rule for a key; over the limit throws `rate_limited` with the wait. */
export async function consumeRateLimit(
  limiters: RateLimiters,
  rule: RateLimitRule,
  key: string,
): Promise<void> {
  try {
    await limiters[rule].consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ServiceError('rate_limited', `Too many attempts; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
}
