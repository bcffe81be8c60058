/** The parts this instance's roles started (HTTP server, probe server, workers) and whether each runs now. */
export interface Readiness {
  /** Registers a started part; `running` is asked at every readiness check. */
  add(part: string, running: () => boolean): void;
  /** The instance is stopping: from now on every part reports not running. */
  drain(): void;
  /** Each registered part and whether it runs. */
  parts(): Record<string, boolean>;
}

/** An empty readiness register; server.ts adds each part as it starts it. */
export function createReadiness(): Readiness {
  const checks = new Map<string, () => boolean>();
  let draining = false;
  return {
    add(part, running) {
      checks.set(part, running);
    },
    drain() {
      draining = true;
    },
    parts() {
      return Object.fromEntries([...checks].map(([part, running]) => [part, !draining && running()]));
    },
  };
}
