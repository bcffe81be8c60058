import { ensureWebBuild } from '../../infra/dev/web-build.ts';

/** vitest global setup: one dashboard build per run (skipped when the sources did not change). */
export default function setup(): void {
  ensureWebBuild();
}
