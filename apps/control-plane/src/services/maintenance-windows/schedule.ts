import type { MaintenanceWindowRecord, Queryable } from '@vantage/db';
import { listCandidateMaintenanceWindows } from '@vantage/db';
import type { MaintenanceSpan } from '@vantage/domain';
// rrule is CommonJS for Node (no named exports under ESM); take RRule from its default export.
import rrule from 'rrule';

const { RRule } = rrule;
type RRule = InstanceType<typeof RRule>;

/** The timing of a window: what occurrences are computed from. */
export type WindowTiming = Pick<MaintenanceWindowRecord, 'startsAt' | 'endsAt' | 'rrule' | 'durationMinutes'>;

const positiveIntegers = ['count', 'interval'] as const;

/**
 * Parses an RFC 5545 RRULE value (with or without the `RRULE:` prefix) starting at `startsAt`; returns the
 * rule, or a message saying what is wrong. Rules more frequent than hourly, and rules that never occur,
 * are refused.
 */
export function parseRecurrence(rrule: string, startsAt: Date): RRule | string {
  const text = rrule.replace(/^RRULE:/i, '');
  if (/[\r\n]|DTSTART/i.test(text)) return 'Give the rule only (no DTSTART); the window starts at startsAt';
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return `Not a valid RRULE: ${(error as Error).message}`;
  }
  if (options.freq === undefined || options.freq === null) return 'Not a valid RRULE: FREQ is missing';
  if (options.freq > RRule.HOURLY) return 'Windows may recur at most hourly';
  for (const key of positiveIntegers) {
    const value = options[key] as unknown;
    if (value !== undefined && value !== null && !(Number.isInteger(value) && (value as number) > 0)) {
      return `Not a valid RRULE: ${key.toUpperCase()} must be a positive integer`;
    }
  }
  try {
    const rule = new RRule({ ...options, dtstart: startsAt });
    if (rule.after(startsAt, true) === null) return 'The rule never occurs after startsAt';
    return rule;
  } catch (error) {
    return `Not a valid RRULE: ${(error as Error).message}`;
  }
}

function ruleOf(window: WindowTiming): RRule | null {
  if (window.rrule === null) return null;
  const rule = parseRecurrence(window.rrule, window.startsAt);
  return typeof rule === 'string' ? null : rule;
}

/** The occurrence of a window in force at `at`, or null. */
export function occurrenceAt(window: WindowTiming, at: Date): MaintenanceSpan | null {
  if (window.rrule === null) {
    const endsAt = window.endsAt!;
    return window.startsAt <= at && at < endsAt ? { startsAt: window.startsAt, endsAt } : null;
  }
  const rule = ruleOf(window);
  const start = rule?.before(at, true);
  if (!start) return null;
  const endsAt = new Date(start.getTime() + window.durationMinutes! * 60_000);
  return at < endsAt ? { startsAt: start, endsAt } : null;
}

/** The next `count` occurrences of a window that end after `from` (one in progress first). */
export function nextOccurrences(window: WindowTiming, from: Date, count: number): MaintenanceSpan[] {
  if (window.rrule === null) {
    return window.endsAt! > from ? [{ startsAt: window.startsAt, endsAt: window.endsAt! }] : [];
  }
  const rule = ruleOf(window);
  if (!rule) return [];
  const durationMs = window.durationMinutes! * 60_000;
  const spans: MaintenanceSpan[] = [];
  const current = occurrenceAt(window, from);
  if (current) spans.push(current);
  let cursor = current ? current.startsAt : from;
  while (spans.length < count) {
    const start = rule.after(cursor, spans.length === 0 && !current);
    if (!start) break;
    spans.push({ startsAt: start, endsAt: new Date(start.getTime() + durationMs) });
    cursor = start;
  }
  return spans;
}

/**
 * The maintenance in force at `at` for each of these monitors (all monitors when null): the occurrence
 * that ends last when windows overlap. Used by the evaluator.
 */
export async function activeMaintenance(
  db: Queryable,
  monitorIds: readonly string[] | null,
  at: Date,
): Promise<Map<string, MaintenanceSpan>> {
  const active = new Map<string, MaintenanceSpan>();
  const windows = await listCandidateMaintenanceWindows(db, { monitorIds, at });
  for (const window of windows) {
    const span = occurrenceAt(window, at);
    if (!span) continue;
    for (const monitorId of window.monitorIds) {
      if (monitorIds && !monitorIds.includes(monitorId)) continue;
      const known = active.get(monitorId);
      if (!known || known.endsAt < span.endsAt) active.set(monitorId, span);
    }
  }
  return active;
}
