import { randomUUID } from 'node:crypto';
import type { StatusEvent } from '@vantage/domain';
import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { readStatusEvents, writeStatusEvents } from './status-events.ts';

const services = await useTestServices();

describe('status timeline', () => {
  it('stores state changes and reads them back once, oldest first, even when written twice', async () => {
    const orgId = randomUUID();
    const monitorId = randomUUID();
    const event = (at: string, to: string, region = ''): StatusEvent => ({
      eventId: `${monitorId}|${region}|${at}|${to}`,
      orgId,
      monitorId,
      scope: region ? 'region' : 'monitor',
      region,
      from: 'up',
      to,
      at: new Date(at),
      failure: to === 'down' ? 'timeout' : null,
      error: to === 'down' ? 'Timed out' : null,
      affectedRegions: to === 'down' ? ['eu-west', 'us-east'] : [],
    });
    const events = [
      event('2026-11-01T10:00:00.000Z', 'down'),
      event('2026-11-01T10:05:00.000Z', 'up'),
      event('2026-11-01T10:00:00.000Z', 'down', 'eu-west'),
    ];
    await writeStatusEvents(services.results, events);
    await writeStatusEvents(services.results, events);
    const read = await readStatusEvents(services.results, {
      orgId,
      monitorId,
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      scope: 'monitor',
    });
    expect(read).toEqual([events[0], events[1]]);
  });
});
