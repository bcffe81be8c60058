import type { CheckResult, FailureKind } from '@vantage/domain';
import { isFailureKind } from '@vantage/domain';

/** A row of `check_results_v1` as it is inserted (JSONEachRow; times as UTC `YYYY-MM-DD hh:mm:ss[.mmm]`). */
export interface CheckResultRow {
  result_id: string;
  batch_id: string;
  org_id: string;
  monitor_id: string;
  region: string;
  probe_id: string;
  started_at: string;
  ok: boolean;
  failure: string;
  status_code: number;
  dns_ms: number | null;
  connect_ms: number | null;
  tls_ms: number | null;
  ttfb_ms: number | null;
  total_ms: number;
  resolved_ip: string;
  tls_expires_at: string | null;
  error: string;
  retention_days: number;
}

/** A row as `latestResults` selects it: times as epoch milliseconds (64-bit integers arrive as strings). */
export interface StoredCheckResultRow
  extends Omit<CheckResultRow, 'started_at' | 'tls_expires_at' | 'batch_id' | 'retention_days'> {
  started_at_ms: string | number;
  tls_expires_at_ms: string | number | null;
}

/** A stored check result: the domain result plus the organization it belongs to. */
export type StoredCheckResult = Omit<CheckResult, 'tlsIssuer' | 'checkRequestId'> & {
  orgId: string;
};

/** Who a result belongs to and how long it is kept; stamped on each row at ingest. */
export interface RowStamp {
  orgId: string;
  batchId: string;
  retentionDays: number;
}

// ClickHouse DateTime columns are UTC here; its default input format has no `T` and no zone suffix.
/** A date as ClickHouse reads DateTime(64) text in UTC: `2026-11-22 10:00:00.123`. */
export function chTime(date: Date, withMs: boolean): string {
  const iso = date.toISOString().replace('T', ' ').replace('Z', '');
  return withMs ? iso : iso.slice(0, 19);
}

const maxUInt32 = 4_294_967_295;
const clampMs = (value: number) => Math.min(maxUInt32, Math.max(0, Math.round(value)));
const optionalMs = (value: number | null) => (value === null ? null : clampMs(value));

/** Domain result → row: the one converter into ClickHouse. */
export function toCheckResultRow(result: CheckResult, stamp: RowStamp): CheckResultRow {
  return {
    result_id: result.resultId,
    batch_id: stamp.batchId,
    org_id: stamp.orgId,
    monitor_id: result.monitorId,
    region: result.region,
    probe_id: result.probeId,
    started_at: chTime(result.startedAt, true),
    ok: result.ok,
    failure: result.failure ?? '',
    status_code: Math.min(65_535, Math.max(0, result.statusCode ?? 0)),
    dns_ms: optionalMs(result.dnsMs),
    connect_ms: optionalMs(result.connectMs),
    tls_ms: optionalMs(result.tlsMs),
    ttfb_ms: optionalMs(result.ttfbMs),
    total_ms: clampMs(result.totalMs),
    resolved_ip: result.resolvedIp ?? '',
    tls_expires_at: result.tlsExpiresAt ? chTime(result.tlsExpiresAt, false) : null,
    error: result.error ?? '',
    retention_days: Math.min(65_535, Math.max(1, stamp.retentionDays)),
  };
}

/** Row → domain result: the one converter out of ClickHouse (empty strings and 0 status mean "none"). */
export function fromCheckResultRow(row: StoredCheckResultRow): StoredCheckResult {
  const failure: FailureKind | null = isFailureKind(row.failure) ? row.failure : null;
  return {
    resultId: row.result_id,
    orgId: row.org_id,
    monitorId: row.monitor_id,
    region: row.region,
    probeId: row.probe_id,
    startedAt: new Date(Number(row.started_at_ms)),
    ok: Boolean(row.ok),
    failure,
    statusCode: row.status_code === 0 ? null : row.status_code,
    dnsMs: row.dns_ms,
    connectMs: row.connect_ms,
    tlsMs: row.tls_ms,
    ttfbMs: row.ttfb_ms,
    totalMs: row.total_ms,
    resolvedIp: row.resolved_ip === '' ? null : row.resolved_ip,
    tlsExpiresAt: row.tls_expires_at_ms === null ? null : new Date(Number(row.tls_expires_at_ms)),
    error: row.error === '' ? null : row.error,
  };
}
