/** One state change on a status timeline (monitor or region scope). */
export interface StateChange {
  atMs: number;
  to: string;
}

/** A timeline state that held over [fromMs, toMs). */
export interface StateSpan {
  fromMs: number;
  toMs: number;
  state: string;
}

/** The spans of a timeline over [fromMs, toMs): `initialState` (last change before `fromMs`, null = none) then the changes. */
export function stateSpans(input: {
  fromMs: number;
  toMs: number;
  initialState: string | null;
  changes: readonly StateChange[];
}): StateSpan[] {
  const { fromMs, toMs } = input;
  if (toMs <= fromMs) return [];
  const changes = input.changes
    .filter((change) => change.atMs >= fromMs && change.atMs < toMs)
    .toSorted((a, b) => a.atMs - b.atMs);
  const spans: StateSpan[] = [];
  let state = input.initialState ?? 'unknown';
  let startMs = fromMs;
  for (const change of changes) {
    if (change.atMs > startMs) spans.push({ fromMs: startMs, toMs: change.atMs, state });
    state = change.to;
    startMs = change.atMs;
  }
  spans.push({ fromMs: startMs, toMs, state });
  return mergeAdjacent(spans);
}

/** Monitor-scope states that override a region's own state: maintenance and pause apply to every region. */
const monitorWideStates = new Set(['maintenance', 'paused']);

/** A region's spans with the monitor's maintenance / paused spans laid over them. */
export function overlayMonitorSpans(
  region: readonly StateSpan[],
  monitor: readonly StateSpan[],
): StateSpan[] {
  const overrides = monitor.filter((span) => monitorWideStates.has(span.state));
  if (overrides.length === 0) return [...region];
  const out: StateSpan[] = [];
  for (const span of region) {
    let cursorMs = span.fromMs;
    for (const override of overrides) {
      const startMs = Math.max(cursorMs, override.fromMs);
      const endMs = Math.min(span.toMs, override.toMs);
      if (startMs >= endMs) continue;
      if (startMs > cursorMs) out.push({ fromMs: cursorMs, toMs: startMs, state: span.state });
      out.push({ fromMs: startMs, toMs: endMs, state: override.state });
      cursorMs = endMs;
    }
    if (cursorMs < span.toMs) out.push({ fromMs: cursorMs, toMs: span.toMs, state: span.state });
  }
  return mergeAdjacent(out);
}

/** The parts of `spans` inside [fromMs, toMs). */
export function clipSpans(spans: readonly StateSpan[], fromMs: number, toMs: number): StateSpan[] {
  return spans
    .map((span) => ({ ...span, fromMs: Math.max(span.fromMs, fromMs), toMs: Math.min(span.toMs, toMs) }))
    .filter((span) => span.fromMs < span.toMs);
}

function mergeAdjacent(spans: readonly StateSpan[]): StateSpan[] {
  const out: StateSpan[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && last.state === span.state && last.toMs === span.fromMs) last.toMs = span.toMs;
    else out.push({ ...span });
  }
  return out;
}
