import { sql } from '@vantage/db';
import { createRedis } from '@vantage/queue';
import type { TestServices } from '@vantage/testing';
import { afterAll } from 'vitest';
import type { MonitorChange } from '../services/monitors/publish.ts';

/** A valid http monitor body, with `overrides` on top. */
export function httpBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'http',
    name: 'Homepage',
    url: 'http://93.184.215.14/',
    intervalSeconds: 300,
    regions: ['eu-west'],
    ...overrides,
  };
}

/** Creates the platform regions the tests use. */
export async function insertPlatformRegions(services: TestServices): Promise<void> {
  await services.db.query(sql.unsafe`
    INSERT INTO regions (id, name) VALUES ('eu-west', 'EU West'), ('us-east', 'US East'), ('ap-south', 'AP South')
    ON CONFLICT (id) DO NOTHING`);
}

/** The id of the organization with this slug. */
export async function orgIdOf(services: TestServices, slug: string): Promise<string> {
  return String(await services.db.oneFirst(sql.unsafe`SELECT id FROM organizations WHERE slug = ${slug}`));
}

/** Polls `read` until `done` holds for what it returns, failing after `timeoutMs`. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscribes to the monitor-changes channel of `prefix` and collects every message (closed after the file). */
export async function collectMonitorChanges(services: TestServices): Promise<MonitorChange[]> {
  const subscriber = createRedis(services.redisUrl);
  afterAll(() => subscriber.disconnect());
  const messages: MonitorChange[] = [];
  subscriber.on('message', (_channel: string, message: string) => messages.push(JSON.parse(message)));
  await subscriber.subscribe(`${services.namespace}:monitor-changes`);
  return messages;
}
