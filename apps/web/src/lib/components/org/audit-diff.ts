/** One line of an audit entry's change: a field and what it became (or was set to). */
export interface DiffLine {
  field: string;
  from?: string;
  to: string;
}

const maxValueLength = 80;

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}

/** Lines for an audit entry's diff: `{ field: { from, to } }` changes or plain `{ field: value }` facts. */
export function diffLines(diff: unknown): DiffLine[] {
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) {
    return diff === undefined || diff === null ? [] : [{ field: '', to: show(diff) }];
  }
  return Object.entries(diff).map(([field, value]) =>
    isChange(value) ? { field, from: show(value.from), to: show(value.to) } : { field, to: show(value) },
  );
}
