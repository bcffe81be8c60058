/** Comparison operators of a JSON body assertion. */
export const jsonPathOps = ['eq', 'neq', 'contains', 'exists', 'lt', 'gt'] as const;

/** One comparison operator of a JSON body assertion. */
export type JsonPathOp = (typeof jsonPathOps)[number];

/** A JSON value an assertion compares against. */
export type JsonScalar = string | number | boolean | null;

/** An assertion on the JSON response body: the value at `path` compared with `value` by `op`. */
export type JsonPathAssertion = { path: string; op: JsonPathOp; value?: JsonScalar };

/** One step into a JSON document: an object key or an array index. */
export type JsonPathSegment = string | number;

// `$`, then `.key`, `[3]`, `['key']` or `["key"]` any number of times.
const segmentPattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\]/y;

/** Parse the supported JSONPath subset (`$.a.b[0]['c d']`) into segments, or null when invalid. */
export function parseJsonPath(path: string): JsonPathSegment[] | null {
  if (!path.startsWith('$')) return null;
  const segments: JsonPathSegment[] = [];
  segmentPattern.lastIndex = 1;
  while (segmentPattern.lastIndex < path.length) {
    const match = segmentPattern.exec(path);
    if (!match) return null;
    const [, dotKey, index, single, double] = match;
    segments.push(index !== undefined ? Number(index) : (dotKey ?? single ?? double ?? ''));
  }
  return segments;
}

/** The value at `segments` in `document`, or undefined when any step is missing. */
export function selectJsonPath(document: unknown, segments: readonly JsonPathSegment[]): unknown {
  let current: unknown = document;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Outcome of one assertion; `message` says what was found when it fails. */
export type JsonAssertionOutcome = { ok: true } | { ok: false; message: string };

function compare(actual: unknown, op: JsonPathOp, expected: JsonScalar | undefined): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined;
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== undefined && actual !== expected;
    case 'contains':
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      return Array.isArray(actual) && actual.includes(expected);
    case 'lt':
      return typeof actual === 'number' && typeof expected === 'number' && actual < expected;
    case 'gt':
      return typeof actual === 'number' && typeof expected === 'number' && actual > expected;
  }
}

/** Evaluate one assertion against a parsed JSON body (an invalid path simply fails). */
export function evaluateJsonPathAssertion(
  document: unknown,
  assertion: JsonPathAssertion,
): JsonAssertionOutcome {
  const segments = parseJsonPath(assertion.path);
  if (segments === null) return { ok: false, message: `invalid JSON path ${assertion.path}` };
  const actual = selectJsonPath(document, segments);
  if (compare(actual, assertion.op, assertion.value)) return { ok: true };
  const found = actual === undefined ? 'nothing' : JSON.stringify(actual);
  const wanted = assertion.op === 'exists' ? 'a value' : `${assertion.op} ${JSON.stringify(assertion.value)}`;
  return { ok: false, message: `${assertion.path}: expected ${wanted}, found ${found}`.slice(0, 500) };
}
