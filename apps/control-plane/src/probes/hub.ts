import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { listRegionMonitors, type RegionMonitor } from '@vantage/db';
import { monitorFingerprint, probeSpecOf, rendezvousOwner } from '@vantage/domain';
import { type Assignment, type ConnectResponse, CheckResult as ProtoCheckResult } from '@vantage/proto';
import type { AppContext } from '../context.ts';
import { channelsOf } from './channels.ts';
import { createProbeFleet, liveProbeOf, type ProbeVitals } from './fleet.ts';
import { createProbePresence, presenceRefreshMs } from './presence.ts';

/** One connected probe's stream, held by this instance. */
export interface ProbeSession {
  probeId: string;
  region: string;
  send(message: ConnectResponse): void;
  /** Ends the stream with a gRPC status (token revoked, shutdown). */
  close(code: number, details: string): void;
  /** Still allowed to run (its token is live)? Checked on every presence refresh. */
  stillAuthorized(): Promise<boolean>;
  /** Monitor id → fingerprint last sent; null until the first snapshot. */
  assigned: Map<string, string> | null;
  /** Version, token, traffic and last status report (published for the operator console). */
  vitals: ProbeVitals;
}

/** A one-shot check routed to the probe that owns `routeKey` in `region`. */
export interface CheckNowRequest {
  requestId: string;
  region: string;
  routeKey: string;
  assignment: Assignment;
}

/** Keeps each connected probe's assignments right as monitors and the live probe set change. */
export interface ProbeHub {
  join(session: ProbeSession): Promise<void>;
  leave(session: ProbeSession): Promise<void>;
  /** A probe answered a one-shot check: hand it to whichever instance is waiting. */
  publishCheckNowResult(result: ProtoCheckResult): Promise<void>;
  /** Runs one-shot checks and waits for each result (null where none came within the timeout). */
  requestChecks(
    requests: CheckNowRequest[],
    timeoutMs: number,
  ): Promise<Map<string, ProtoCheckResult | null>>;
  /** Probe streams this instance holds, by region (metrics). */
  connectedProbes(): Map<string, number>;
  /** Subscribed to the Redis channels it listens on (readiness). */
  readonly subscribed: boolean;
  stop(): Promise<void>;
}

/** The assignment message of a monitor: what the probe runs and its fingerprint. */
export function assignmentOf(monitor: Pick<RegionMonitor, 'monitorId' | 'spec'>): Assignment {
  return {
    monitorId: monitor.monitorId,
    fingerprint: monitorFingerprint(monitor.spec),
    specJson: JSON.stringify(probeSpecOf(monitor.spec)),
  };
}

/** Starts the hub: subscribes to monitor changes, presence and one-shot checks over Redis. */
export async function startProbeHub(app: AppContext): Promise<ProbeHub> {
  const channels = channelsOf(app.config);
  const presence = createProbePresence(app.redis, app.config.redisKeyPrefix);
  const fleet = createProbeFleet(app.redis, app.config.redisKeyPrefix);
  // Names this instance in the operator console (several may run on one host, or in one test process).
  const instance = `${hostname()}/${randomBytes(3).toString('hex')}`;
  const publish = (session: ProbeSession) => fleet.publish(liveProbeOf(session, instance));
  const sessions = new Map<string, ProbeSession>();
  const recomputing = new Map<string, Promise<void>>();
  const scheduled = new Set<string>();
  const lastLive = new Map<string, string>();
  const waiting = new Map<string, (result: ProtoCheckResult) => void>();
  const subscriber = app.redis.duplicate();

  const localIn = (region: string) => [...sessions.values()].filter((session) => session.region === region);
  const localRegions = () => new Set([...sessions.values()].map((session) => session.region));

  async function liveProbes(region: string): Promise<string[]> {
    const live = new Set(await presence.live(region));
    for (const session of localIn(region)) live.add(session.probeId);
    return [...live].sort();
  }

  async function recompute(region: string): Promise<void> {
    const locals = localIn(region);
    if (locals.length === 0) return;
    const live = await liveProbes(region);
    lastLive.set(region, live.join(','));
    const monitors = await listRegionMonitors(app.db, region);
    for (const session of locals) {
      const desired = new Map<string, Assignment>();
      for (const monitor of monitors) {
        if (rendezvousOwner(monitor.monitorId, live) === session.probeId) {
          desired.set(monitor.monitorId, assignmentOf(monitor));
        }
      }
      sendDiff(session, desired);
    }
    // The console shows assigned monitors at once, not only at the next presence refresh.
    await Promise.all(locals.filter((session) => sessions.get(session.probeId) === session).map(publish));
  }

  /** Recomputes a region soon, coalescing bursts; runs for one region never overlap. */
  function schedule(region: string): void {
    if (scheduled.has(region) || localIn(region).length === 0) return;
    scheduled.add(region);
    const previous = recomputing.get(region) ?? Promise.resolve();
    const next = previous
      .then(() => new Promise((resolve) => setTimeout(resolve, 25)))
      .then(() => {
        scheduled.delete(region);
        return recompute(region);
      })
      .catch((error) => app.logger.error({ err: error, region }, 'assignment recompute failed'));
    recomputing.set(region, next);
  }

  async function onMessage(channel: string, text: string): Promise<void> {
    const message = JSON.parse(text);
    if (channel === channels.monitorChanges) {
      const regions: string[] = Array.isArray(message.regions) ? message.regions : [...localRegions()];
      for (const region of regions) schedule(region);
    } else if (channel === channels.presence) {
      schedule(String(message.region));
    } else if (channel === channels.checkNowRequests) {
      const request = message as CheckNowRequest;
      const owner = rendezvousOwner(request.routeKey, await liveProbes(request.region));
      const session = owner ? sessions.get(owner) : undefined;
      if (session && session.region === request.region) {
        session.send({
          message: {
            $case: 'checkNow',
            value: { checkRequestId: request.requestId, assignment: request.assignment },
          },
        });
      }
    } else if (channel === channels.checkNowResults) {
      const result = ProtoCheckResult.fromJSON(message);
      waiting.get(result.checkRequestId)?.(result);
    }
  }

  subscriber.on('message', (channel: string, text: string) => {
    onMessage(channel, text).catch((error) => app.logger.warn({ err: error, channel }, 'bad hub message'));
  });
  // Not awaited: start-up does not wait for Redis (ioredis subscribes once connected, and again after reconnects).
  let subscribed = false;
  subscriber
    .subscribe(
      channels.monitorChanges,
      channels.presence,
      channels.checkNowRequests,
      channels.checkNowResults,
    )
    .then(() => {
      subscribed = true;
    })
    .catch((error) => app.logger.warn({ err: error }, 'hub subscription failed'));
  subscriber.on('error', (error) => app.logger.warn({ err: error }, 'hub redis connection error'));

  const refresh = setInterval(() => {
    void (async () => {
      for (const session of sessions.values()) {
        if (!(await session.stillAuthorized())) {
          session.close(16, 'probe token revoked');
          continue;
        }
        await presence.markAlive(session.region, session.probeId);
        await publish(session);
      }
      for (const region of localRegions()) {
        if ((await liveProbes(region)).join(',') !== lastLive.get(region)) schedule(region);
      }
    })().catch((error) => app.logger.warn({ err: error }, 'presence refresh failed'));
  }, presenceRefreshMs);

  return {
    async join(session) {
      const existing = sessions.get(session.probeId);
      if (existing) existing.close(6, 'the same probe connected again');
      sessions.set(session.probeId, session);
      await presence.markAlive(session.region, session.probeId);
      await publish(session);
      await app.redis.publish(channels.presence, JSON.stringify({ region: session.region }));
      schedule(session.region);
    },
    async leave(session) {
      if (sessions.get(session.probeId) !== session) return;
      sessions.delete(session.probeId);
      await presence.markGone(session.region, session.probeId);
      await fleet.forget(session.probeId);
      await app.redis.publish(channels.presence, JSON.stringify({ region: session.region }));
    },
    async publishCheckNowResult(result) {
      await app.redis.publish(channels.checkNowResults, JSON.stringify(ProtoCheckResult.toJSON(result)));
    },
    async requestChecks(requests, timeoutMs) {
      const results = new Map<string, ProtoCheckResult | null>();
      await Promise.all(
        requests.map(async (request) => {
          const result = new Promise<ProtoCheckResult | null>((resolve) => {
            const timer = setTimeout(() => resolve(null), timeoutMs);
            waiting.set(request.requestId, (answer) => {
              clearTimeout(timer);
              resolve(answer);
            });
          });
          await app.redis.publish(channels.checkNowRequests, JSON.stringify(request));
          results.set(request.region, await result);
          waiting.delete(request.requestId);
        }),
      );
      return results;
    },
    connectedProbes() {
      const counts = new Map<string, number>();
      for (const session of sessions.values())
        counts.set(session.region, (counts.get(session.region) ?? 0) + 1);
      return counts;
    },
    get subscribed() {
      return subscribed;
    },
    async stop() {
      clearInterval(refresh);
      for (const session of sessions.values()) {
        session.close(14, 'control plane shutting down');
        // Not awaited: Redis may already be gone; presence then expires by itself within its TTL.
        presence.markGone(session.region, session.probeId).catch(() => {});
        fleet.forget(session.probeId).catch(() => {});
      }
      sessions.clear();
      await Promise.allSettled(recomputing.values());
      subscriber.disconnect();
    },
  };
}

function sendDiff(session: ProbeSession, desired: Map<string, Assignment>): void {
  const fingerprints = new Map([...desired].map(([id, assignment]) => [id, assignment.fingerprint]));
  if (session.assigned === null) {
    session.send({ message: { $case: 'snapshot', value: { assignments: [...desired.values()] } } });
    session.assigned = fingerprints;
    return;
  }
  const upserts = [...desired.values()].filter(
    (assignment) => session.assigned?.get(assignment.monitorId) !== assignment.fingerprint,
  );
  const removals = [...session.assigned.keys()].filter((id) => !desired.has(id));
  if (upserts.length > 0) session.send({ message: { $case: 'upsert', value: { assignments: upserts } } });
  if (removals.length > 0) session.send({ message: { $case: 'remove', value: { monitorIds: removals } } });
  session.assigned = fingerprints;
}
