import type { Redis } from '@vantage/queue';
import { createProbePresence, presenceTtlMs } from './presence.ts';

/** One connected probe as operators see it; written by the instance holding its stream. */
export interface LiveProbe {
  probeId: string;
  regionId: string;
  tokenId: string;
  tokenName: string;
  version: string;
  hostname: string;
  connectedAt: string;
  /** When the probe last sent anything (hello, results, status). */
  lastSeenAt: string;
  /** The control-plane instance holding the probe's stream. */
  instance: string;
  assignedMonitors: number;
  /** Results received per second over the last minute (or since connecting, when that is shorter). */
  checksPerSecond: number;
  /** Results the probe holds unacknowledged; null until it reports (probes older than the status report). */
  bufferedResults: number | null;
  /** Results the probe dropped because its buffer was full; null until it reports. */
  droppedResults: number | null;
}

/** Live probe records in Redis, shared by every instance, expiring with presence. */
export interface ProbeFleet {
  publish(probe: LiveProbe): Promise<void>;
  forget(probeId: string): Promise<void>;
  /** The live probes of each region asked for (present and with an unexpired record), sorted by probe id. */
  live(regionIds: readonly string[]): Promise<Map<string, LiveProbe[]>>;
}

/** Records stored under `${prefix}probe-live:<probeId>`, next to the presence sets. */
export function createProbeFleet(redis: Redis, prefix: string): ProbeFleet {
  const presence = createProbePresence(redis, prefix);
  const key = (probeId: string) => `${prefix}probe-live:${probeId}`;
  return {
    async publish(probe) {
      await redis.set(key(probe.probeId), JSON.stringify(probe), 'PX', presenceTtlMs);
    },
    async forget(probeId) {
      await redis.del(key(probeId));
    },
    async live(regionIds) {
      const byRegion = new Map<string, LiveProbe[]>();
      for (const regionId of regionIds) {
        const ids = await presence.live(regionId);
        const records = ids.length === 0 ? [] : await redis.mget(ids.map(key));
        const probes = records
          .filter((record): record is string => record !== null)
          .map((record) => JSON.parse(record) as LiveProbe)
          // A probe that moved to another region keeps only its newest record.
          .filter((probe) => probe.regionId === regionId);
        byRegion.set(regionId, probes);
      }
      return byRegion;
    },
  } satisfies ProbeFleet;
}

/** What a stream learns about its probe: identity (Hello, token), traffic, and its last status report. */
export interface ProbeVitals {
  tokenId: string;
  tokenName: string;
  version: string;
  hostname: string;
  connectedAt: Date;
  lastSeenAt: Date;
  rate: ResultRate;
  status: { bufferedResults: number; droppedResults: number } | null;
}

/** The record of one session, as its instance publishes it. */
export function liveProbeOf(
  session: { probeId: string; region: string; assigned: Map<string, string> | null; vitals: ProbeVitals },
  instance: string,
  nowMs = Date.now(),
): LiveProbe {
  const { vitals } = session;
  return {
    probeId: session.probeId,
    regionId: session.region,
    tokenId: vitals.tokenId,
    tokenName: vitals.tokenName,
    version: vitals.version,
    hostname: vitals.hostname,
    connectedAt: vitals.connectedAt.toISOString(),
    lastSeenAt: vitals.lastSeenAt.toISOString(),
    instance,
    assignedMonitors: session.assigned?.size ?? 0,
    checksPerSecond: vitals.rate.perSecond(nowMs),
    bufferedResults: vitals.status?.bufferedResults ?? null,
    droppedResults: vitals.status?.droppedResults ?? null,
  };
}

const windowSeconds = 60;

/** Counts results received per second over a sliding minute, in fixed one-second buckets. */
export class ResultRate {
  readonly #startedMs: number;
  readonly #counts = new Array<number>(windowSeconds).fill(0);
  readonly #seconds = new Array<number>(windowSeconds).fill(-1);

  /** Starts counting at `startedMs` (the stream's connect time). */
  constructor(startedMs = Date.now()) {
    this.#startedMs = startedMs;
  }

  /** Counts `count` results received at `nowMs`. */
  add(count: number, nowMs = Date.now()): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % windowSeconds;
    if (this.#seconds[slot] !== second) {
      this.#seconds[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] = (this.#counts[slot] ?? 0) + count;
  }

  /** Results per second over the last minute, or over the time since start when that is shorter (2 decimals). */
  perSecond(nowMs = Date.now()): number {
    const second = Math.floor(nowMs / 1000);
    let total = 0;
    for (let slot = 0; slot < windowSeconds; slot += 1) {
      const at = this.#seconds[slot] ?? -1;
      if (at > second - windowSeconds && at <= second) total += this.#counts[slot] ?? 0;
    }
    const elapsedSeconds = Math.min(windowSeconds, Math.max(1, (nowMs - this.#startedMs) / 1000));
    return Math.round((total / elapsedSeconds) * 100) / 100;
  }
}
