import type { CheckResult, ProbeSpec } from '@vantage/domain';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { ResultBufferStats } from './buffer.ts';
import { type SessionState, sessionStates } from './session.ts';

/** What the gauges read at each scrape. */
export interface ProbeMetricSources {
  state(): SessionState;
  buffer(): ResultBufferStats;
  monitors(): number;
}

/** The probe's Prometheus metrics: counted checks plus gauges read from the agent at scrape time. */
export interface ProbeMetrics {
  registry: Registry;
  /** Counts one finished check of `kind` (and its failure kind when it failed). */
  recordCheck(result: CheckResult, kind: ProbeSpec['type']): void;
}

/** Builds the registry; `version` and `region` go on the info gauge. */
export function createProbeMetrics(sources: ProbeMetricSources, labels: { version: string }): ProbeMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'vantage_probe_process_' });
  new Gauge({ name: 'vantage_probe_info', help: 'Always 1', labelNames: ['version'], registers }).set(
    labels,
    1,
  );
  const checks = new Counter({
    name: 'vantage_probe_checks_total',
    help: 'Checks run, by kind and outcome (rate() gives checks per second)',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const failures = new Counter({
    name: 'vantage_probe_check_failures_total',
    help: 'Failed checks by kind and failure (dns, connect, tls, timeout, http_status, …)',
    labelNames: ['kind', 'failure'],
    registers,
  });
  new Gauge({
    name: 'vantage_probe_buffer_results',
    help: 'Results held: pending (open batch) and unacked (sent, waiting for the acknowledgement)',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = sources.buffer();
      this.set({ state: 'pending' }, stats.pendingResults);
      this.set({ state: 'unacked' }, stats.unackedResults);
    },
  });
  new Gauge({
    name: 'vantage_probe_buffer_unacked_batches',
    help: 'Sealed batches not yet acknowledged by the control plane',
    registers,
    collect() {
      this.set(sources.buffer().unackedBatches);
    },
  });
  new Gauge({
    name: 'vantage_probe_buffer_dropped_results',
    help: 'Results dropped unacknowledged because the buffer bound was reached, since start',
    registers,
    collect() {
      this.set(sources.buffer().droppedResults);
    },
  });
  new Gauge({
    name: 'vantage_probe_stream_state',
    help: 'The control-plane stream: 1 for the current state, 0 for the others',
    labelNames: ['state'],
    registers,
    collect() {
      const current = sources.state();
      for (const state of sessionStates) this.set({ state }, state === current ? 1 : 0);
    },
  });
  new Gauge({
    name: 'vantage_probe_assigned_monitors',
    help: 'Monitors this probe is assigned',
    registers,
    collect() {
      this.set(sources.monitors());
    },
  });
  return {
    registry,
    recordCheck(result, kind) {
      checks.inc({ kind, outcome: result.ok ? 'ok' : 'failed' });
      if (!result.ok) failures.inc({ kind, failure: result.failure ?? 'error' });
    },
  };
}
