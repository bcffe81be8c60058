import type { StatusEvent } from '@vantage/domain';
import { isFailureKind } from '@vantage/domain';
import { chTime } from './check-result-row.ts';
import type { ResultsStore } from './client.ts';

interface StatusEventRow {
  event_id: string;
  org_id: string;
  monitor_id: string;
  scope: 'monitor' | 'region';
  region: string;
  from_state: string;
  to_state: string;
  at: number | string;
  failure: string;
  error: string;
  affected_regions: string[];
}

/** Domain event → row: the one converter, both directions below. */
function toRow(event: StatusEvent): StatusEventRow {
  return {
    event_id: event.eventId,
    org_id: event.orgId,
    monitor_id: event.monitorId,
    scope: event.scope,
    region: event.region,
    from_state: event.from,
    to_state: event.to,
    at: chTime(event.at, true),
    failure: event.failure ?? '',
    error: event.error ?? '',
    affected_regions: event.affectedRegions,
  };
}

function fromRow(row: StatusEventRow): StatusEvent {
  return {
    eventId: row.event_id,
    orgId: row.org_id,
    monitorId: row.monitor_id,
    scope: row.scope,
    region: row.region,
    from: row.from_state,
    to: row.to_state,
    at: new Date(typeof row.at === 'number' ? row.at : `${row.at.replace(' ', 'T')}Z`),
    failure: isFailureKind(row.failure) ? row.failure : null,
    error: row.error || null,
    affectedRegions: row.affected_regions,
  };
}

/** Appends state changes to the timeline (one insert). */
export async function writeStatusEvents(store: ResultsStore, events: readonly StatusEvent[]): Promise<void> {
  if (events.length === 0) return;
  await store.client.insert({
    table: `${store.database}.status_events_v1`,
    values: events.map(toRow),
    format: 'JSONEachRow',
  });
}

/** A monitor's timeline between two times, oldest first, each event once. */
export async function readStatusEvents(
  store: ResultsStore,
  input: { orgId: string; monitorId: string; from: Date; to: Date; scope?: 'monitor' | 'region' },
): Promise<StatusEvent[]> {
  const rows = await store.client.query({
    query: `SELECT event_id, org_id, monitor_id, scope, region, from_state, to_state,
        toUnixTimestamp64Milli(at) AS at_ms, failure, error, affected_regions
      FROM {database:Identifier}.status_events_v1
      WHERE org_id = {orgId:UUID} AND monitor_id = {monitorId:UUID}
        AND at >= fromUnixTimestamp64Milli({fromMs:Int64}) AND at < fromUnixTimestamp64Milli({toMs:Int64})
        ${input.scope ? 'AND scope = {scope:String}' : ''}
      ORDER BY at, event_id
      LIMIT 1 BY event_id`,
    query_params: {
      database: store.database,
      orgId: input.orgId,
      monitorId: input.monitorId,
      fromMs: input.from.getTime(),
      toMs: input.to.getTime(),
      scope: input.scope ?? '',
    },
    format: 'JSONEachRow',
  });
  // Aliases shadow columns in ClickHouse's WHERE, hence at_ms rather than at.
  return (await rows.json<StatusEventRow & { at_ms: string }>()).map((row) =>
    fromRow({ ...row, at: Number(row.at_ms) }),
  );
}
