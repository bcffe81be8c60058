import { type DayBar, dailyBars, msPerDay, utcDayStartMs } from '@vantage/domain';
import type { ResultsStore } from './client.ts';
import { readTimeline } from './uptime.ts';

/** Daily bars of a monitor overall and per region. */
export interface MonitorDailyBars {
  overall: DayBar[];
  regions: { region: string; days: DayBar[] }[];
}

/** Bars for the last `days` UTC days (today up to now) from the status timeline; `region` filters regions. */
export async function readDailyBars(
  store: ResultsStore,
  input: {
    orgId: string;
    monitorId: string;
    days: number;
    now?: Date;
    regions?: readonly string[];
    region?: string;
  },
): Promise<MonitorDailyBars> {
  const nowMs = (input.now ?? new Date()).getTime();
  const from = new Date(utcDayStartMs(nowMs) - (input.days - 1) * msPerDay);
  const timeline = await readTimeline(store, {
    orgId: input.orgId,
    monitorId: input.monitorId,
    from,
    to: new Date(nowMs),
    regions: input.regions,
  });
  const range = { nowMs, days: input.days };
  return {
    overall: dailyBars(timeline.monitor, range),
    regions: [...timeline.regions.entries()]
      .filter(([region]) => input.region === undefined || region === input.region)
      .map(([region, spans]) => ({ region, days: dailyBars(spans, range) })),
  };
}
