import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { CheckResult, ProbeSpec } from '@vantage/domain';
import type { Assignment, ProbeStatus } from '@vantage/proto';
import { ResultBuffer } from './buffer.ts';
import type { CheckContext } from './checks/checker.ts';
import type { ControlPlaneTarget } from './config.ts';
import { assignmentFromProto } from './convert.ts';
import { type CheckFunction, failedOutcome } from './runner.ts';
import { type ProbeAssignment, Scheduler } from './scheduler.ts';
import { type Backoff, ProbeSession } from './session.ts';
import { probeVersion } from './version.ts';

/** Everything a probe agent is built from (config values plus the check entry point). */
export interface ProbeAgentOptions {
  target: ControlPlaneTarget;
  token: string;
  region: string | null;
  concurrency: number;
  bufferMaxResults: number;
  bufferMaxBytes: number;
  runCheck: CheckFunction;
  bodyLimitBytes?: number;
  backoff?: Backoff;
  /** Re-send a batch unacknowledged this long on a live stream (default 5 s). */
  ackTimeoutMs?: number;
  /** How often to report buffer depth and scheduled monitors to the control plane (default 5 s). */
  statusIntervalMs?: number;
  log: (line: string) => void;
  /** Called with each finished check and its kind (metrics). */
  onCheck?: (result: CheckResult, kind: ProbeSpec['type']) => void;
}

/** Largest response body a checker reads for assertions. */
export const defaultBodyLimitBytes = 1024 * 1024;

/** A running probe: session, scheduler and result buffer wired together. */
export class ProbeAgent {
  /** Stable id of this process, sent in Hello and stamped into every result. */
  readonly probeId = randomUUID();
  readonly scheduler: Scheduler;
  readonly buffer: ResultBuffer;
  readonly session: ProbeSession;
  readonly #log: (line: string) => void;
  #context: CheckContext;

  /** Build the agent; nothing runs before `start`. */
  constructor(options: ProbeAgentOptions) {
    const { log } = options;
    this.#context = {
      region: options.region ?? 'unknown',
      probeVersion,
      allowPrivateTargets: false,
      bodyLimitBytes: options.bodyLimitBytes ?? defaultBodyLimitBytes,
    };
    this.buffer = new ResultBuffer({
      maxResults: options.bufferMaxResults,
      maxBytes: options.bufferMaxBytes,
      onBatch: (batch) => this.session.send(batch),
      log,
    });
    this.scheduler = new Scheduler({
      runCheck: options.runCheck,
      context: () => this.#context,
      probeId: this.probeId,
      concurrency: options.concurrency,
      onResult: (result, kind) => {
        options.onCheck?.(result, kind);
        this.buffer.add(result);
        // A "check now" caller is waiting: send its result without waiting for the batch to fill.
        if (result.checkRequestId !== null) this.buffer.flush();
      },
      log,
    });
    this.session = new ProbeSession({
      target: options.target,
      token: options.token,
      region: options.region,
      hello: {
        probeVersion,
        probeId: this.probeId,
        hostname: hostname(),
        region: options.region ?? undefined,
      },
      store: this.buffer,
      backoff: options.backoff,
      ackTimeoutMs: options.ackTimeoutMs,
      status: () => this.#status(),
      statusIntervalMs: options.statusIntervalMs,
      log,
      handlers: {
        welcome: (welcome) => {
          if (options.region !== null && welcome.region !== options.region) {
            log(
              `warning: configured for region ${options.region} but the token belongs to ${welcome.region}`,
            );
          }
          this.#context = {
            ...this.#context,
            region: welcome.region,
            allowPrivateTargets: welcome.allowPrivateTargets,
          };
          log(`connected to the control plane as region ${welcome.region} (probe ${this.probeId})`);
        },
        snapshot: (assignments) => {
          this.scheduler.reconcile(this.#parse(assignments));
          log(`assignments: ${this.scheduler.stats().monitors} monitors`);
        },
        upsert: (assignments) => {
          this.scheduler.upsert(this.#parse(assignments));
          log(`assignments: ${this.scheduler.stats().monitors} monitors`);
        },
        remove: (monitorIds) => {
          this.scheduler.remove(monitorIds);
          log(`assignments: ${this.scheduler.stats().monitors} monitors`);
        },
        checkNow: (checkRequestId, assignment) => this.#checkNow(checkRequestId, assignment),
      },
    });
    this.#log = log;
  }

  /** The region this probe checks from: the one the control plane welcomed it with, else the configured one. */
  get region(): string {
    return this.#context.region;
  }

  /** Connect and start checking as assignments arrive. */
  start(): void {
    this.session.start();
  }

  /** Stop checks, seal the open batch, wait briefly for acknowledgements, close the stream. */
  async stop(ackWaitMs = 2000): Promise<void> {
    this.scheduler.stop();
    this.buffer.flush();
    this.buffer.stop();
    const deadline = Date.now() + ackWaitMs;
    while (this.session.connected && this.buffer.stats().unackedBatches > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { unackedResults } = this.buffer.stats();
    if (unackedResults > 0) this.#log(`stopping with ${unackedResults} unacknowledged results`);
    await this.session.stop();
  }

  /** What the control plane shows operators: results not yet acknowledged, dropped, monitors scheduled. */
  #status(): ProbeStatus {
    const buffer = this.buffer.stats();
    return {
      bufferedResults: buffer.pendingResults + buffer.unackedResults,
      droppedResults: buffer.droppedResults,
      scheduledMonitors: this.scheduler.stats().monitors,
    };
  }

  #parse(assignments: readonly Assignment[]): ProbeAssignment[] {
    const parsed: ProbeAssignment[] = [];
    for (const assignment of assignments) {
      const result = assignmentFromProto(assignment);
      if ('error' in result) this.#log(`ignoring assignment: ${result.error}`);
      else parsed.push(result);
    }
    return parsed;
  }

  #checkNow(checkRequestId: string, assignment: Assignment | undefined): void {
    const parsed =
      assignment === undefined
        ? { error: 'check now without an assignment' }
        : assignmentFromProto(assignment);
    if ('error' in parsed) {
      // The caller is waiting for an answer: say why instead of letting it time out.
      this.#log(`refusing check now ${checkRequestId}: ${parsed.error}`);
      const { region } = this.#context;
      const monitorId = assignment?.monitorId ?? '';
      const stamp = { resultId: randomUUID(), monitorId, region, probeId: this.probeId, checkRequestId };
      this.buffer.add({ ...failedOutcome(null, parsed.error, 0), ...stamp, startedAt: new Date() });
      this.buffer.flush();
      return;
    }
    this.scheduler.checkNow(parsed.monitorId, parsed.spec, checkRequestId);
  }
}
