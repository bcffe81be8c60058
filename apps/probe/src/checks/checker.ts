import type { CheckOutcome, ProbeSpec } from '@vantage/domain';

/** What every checker may use besides the spec: where it runs and what it may reach. */
export interface CheckContext {
  region: string;
  probeVersion: string;
  /** Private, loopback and other internal addresses are allowed (private region or self-hosted setting). */
  allowPrivateTargets: boolean;
  /** Largest response body read for assertions. */
  bodyLimitBytes: number;
}

/**
 * The one contract of a check kind: run one check of `spec` before `signal` aborts and describe
 * what happened. A failing target is an outcome (`ok: false`), never a thrown error.
 */
export type Checker<S extends ProbeSpec = ProbeSpec> = (
  spec: S,
  signal: AbortSignal,
  context: CheckContext,
) => Promise<CheckOutcome>;
