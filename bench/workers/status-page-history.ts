// Writes 90 days of status timeline for a status page's monitors into an embedded chDB directory (the
// control plane that owns it is stopped meanwhile): every region up from the start, a few regional
// outages per region, and a monitor-wide outage now and then.
// Usage: node status-page-history.ts <dataDir> <orgId> <days> <regions,comma,separated> <monitorId>...
// Prints {"events": n} when done.
import { randomUUID } from 'node:crypto';
import type { StatusEvent } from '@vantage/domain';
import { migrateResults, openResultsStore, writeStatusEvents } from '@vantage/results';

const [dataDir = '', orgId = '', daysText = '90', regionList = '', ...monitorIds] = process.argv.slice(2);
const regions = regionList.split(',').filter(Boolean);
const msPerDay = 86_400_000;
const outagesPerRegion = 6;
const nowMs = Date.now();
const startMs = nowMs - Number(daysText) * msPerDay;

const events: StatusEvent[] = [];
const add = (monitorId: string, region: string, from: string, to: string, atMs: number) =>
  events.push({
    eventId: randomUUID(),
    orgId,
    monitorId,
    scope: region ? 'region' : 'monitor',
    region,
    from,
    to,
    at: new Date(atMs),
    failure: to === 'down' ? 'timeout' : null,
    error: to === 'down' ? 'No answer in time' : null,
    affectedRegions: to === 'down' && !region ? regions.slice(0, 2) : [],
  });

for (const monitorId of monitorIds) {
  add(monitorId, '', 'unknown', 'up', startMs);
  for (const region of regions) {
    add(monitorId, region, 'unknown', 'up', startMs);
    for (let k = 0; k < outagesPerRegion; k += 1) {
      const downMs = startMs + Math.floor(Math.random() * (nowMs - startMs - 7_200_000));
      const minutes = 3 + Math.floor(Math.random() * 45);
      add(monitorId, region, 'up', k % 3 === 0 ? 'degraded' : 'down', downMs);
      add(monitorId, region, 'down', 'up', downMs + minutes * 60_000);
      // Every third outage hits two regions at once: the monitor as a whole is down.
      if (k % 3 === 1 && region === regions[0]) {
        add(monitorId, '', 'up', 'down', downMs + 1);
        add(monitorId, '', 'down', 'up', downMs + minutes * 60_000 + 1);
      }
    }
  }
}

const store = await openResultsStore({ dataDir }, 'vantage');
try {
  await migrateResults(store);
  await writeStatusEvents(store, events);
  process.stdout.write(`${JSON.stringify({ events: events.length })}\n`);
} finally {
  await store.client.close();
}
