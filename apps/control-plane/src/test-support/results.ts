import { randomUUID } from 'node:crypto';
import { insertMonitor, sql } from '@vantage/db';
import { type CheckResult, monitorSpecSchema } from '@vantage/domain';
import type { TestServices } from '@vantage/testing';
import { pino } from 'pino';
import { createResultIngest, type ResultIngestOptions } from '../ingest/result-ingest.ts';
import { noopResultSink } from '../ingest/result-sink.ts';

/** A passing http result of `monitorId` from eu-west, with `overrides` on top. */
export function checkResult(monitorId: string, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    resultId: randomUUID(),
    monitorId,
    region: 'eu-west',
    probeId: randomUUID(),
    startedAt: new Date(),
    checkRequestId: null,
    ok: true,
    failure: null,
    statusCode: 200,
    dnsMs: 3,
    connectMs: 5,
    tlsMs: null,
    ttfbMs: 20,
    totalMs: 31,
    resolvedIp: '93.184.215.14',
    tlsExpiresAt: null,
    tlsIssuer: null,
    error: null,
    ...overrides,
  };
}

/** Stores a monitor of `orgId` straight in Postgres (the ingest only needs its row). */
export async function storeMonitor(services: TestServices, orgId: string, spec: Record<string, unknown>) {
  const parsed = monitorSpecSchema.parse(spec);
  const token = parsed.type === 'heartbeat' ? randomUUID() : null;
  return insertMonitor(services.db, { orgId, spec: parsed, heartbeatToken: token, createdBy: null });
}

/** Sets an organization's plan. */
export async function setPlan(services: TestServices, orgId: string, plan: string): Promise<void> {
  await services.db.query(sql.unsafe`UPDATE organizations SET plan = ${plan} WHERE id = ${orgId}`);
}

/** An ingest on the test services that flushes after 50 ms (stop it with `close()`). */
export function testIngest(services: TestServices, overrides: Partial<ResultIngestOptions> = {}) {
  return createResultIngest({
    db: services.db,
    results: services.results,
    redis: services.redis,
    redisKeyPrefix: `${services.namespace}:`,
    logger: pino({ level: 'silent' }),
    sink: noopResultSink,
    maxDelayMs: 50,
    ...overrides,
  });
}
