import type { CheckOutcome, ProbeSpec } from '@vantage/domain';
import type { ProbeAssignment, ProbedSpec, Timers } from './scheduler.ts';

/** A manual clock for scheduler and buffer tests: time moves only when the test advances it. */
export class FakeClock {
  nowMs = Date.UTC(2026, 0, 1);
  #timers = new Map<number, { atMs: number; callback: () => void }>();
  #nextId = 1;

  /** The clock's current time in epoch ms. */
  readonly now = (): number => this.nowMs;

  /** Timers driven by this clock. */
  readonly timers: Timers = {
    set: (callback, delayMs) => {
      const id = this.#nextId++;
      this.#timers.set(id, { atMs: this.nowMs + Math.max(0, delayMs), callback });
      return id;
    },
    clear: (handle) => {
      this.#timers.delete(handle as number);
    },
  };

  /** Move time forward by `ms`, firing due timers in order and letting promise callbacks settle. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.nowMs + ms;
    await settle();
    for (;;) {
      const next = [...this.#timers.entries()].sort((a, b) => a[1].atMs - b[1].atMs)[0];
      if (next === undefined || next[1].atMs > targetMs) break;
      this.#timers.delete(next[0]);
      this.nowMs = Math.max(this.nowMs, next[1].atMs);
      next[1].callback();
      await settle();
    }
    this.nowMs = targetMs;
    await settle();
  }
}

/** Let pending promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A passing outcome as a checker would report it. */
export function okOutcome(totalMs = 1): CheckOutcome {
  return {
    ok: true,
    failure: null,
    statusCode: 200,
    dnsMs: null,
    connectMs: null,
    tlsMs: null,
    ttfbMs: null,
    totalMs,
    resolvedIp: '127.0.0.1',
    tlsExpiresAt: null,
    tlsIssuer: null,
    error: null,
  };
}

/** A tcp probe spec with the given interval and timeout. */
export function tcpSpec(intervalSeconds: number, timeoutMs = 1000): ProbedSpec {
  return { type: 'tcp', host: '127.0.0.1', port: 9, intervalSeconds, timeoutMs } satisfies ProbeSpec;
}

/** An assignment of a tcp monitor. */
export function tcpAssignment(
  monitorId: string,
  intervalSeconds: number,
  fingerprint = 'f1',
): ProbeAssignment {
  return { monitorId, fingerprint, spec: tcpSpec(intervalSeconds) };
}
