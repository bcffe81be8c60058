// Small helpers for the ops forms (incidents, maintenance, alert channels, operator console).

/** The API's field error for `path` or anything below it (`config.to` also finds `config.to.1`). */
export function errorAt(errors: Record<string, string> | undefined, path: string): string | undefined {
  if (!errors) return undefined;
  if (errors[path]) return errors[path];
  const below = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return below === undefined ? undefined : errors[below];
}

/** A form value as a string ('' when missing or a list). */
export function text(values: Record<string, unknown> | undefined, name: string): string {
  const value = values?.[name];
  return typeof value === 'string' ? value : '';
}

/** A form value as a list (checkbox groups are named `x[]`). */
export function list(values: Record<string, unknown> | undefined, name: string): string[] {
  const value = values?.[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** An optional whole number typed in a form: null when blank, NaN-free (the API names a bad value). */
export function optionalInt(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : (trimmed as unknown as number);
}

/** Enum values as select options, labelled with a capital first letter. */
export function choices(values: readonly string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: value.charAt(0).toUpperCase() + value.slice(1) }));
}
