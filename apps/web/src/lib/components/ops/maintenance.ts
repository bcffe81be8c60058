// Maintenance-window forms: what the form sends ↔ what the API takes.
import { list, optionalInt, text } from './forms.ts';
import { zonedToIso } from './time.ts';

/** The repeat choices the form offers; anything else is a custom RRULE. */
export const repeatChoices = [
  { value: 'none', label: 'Does not repeat (one-off)' },
  { value: 'FREQ=DAILY', label: 'Every day' },
  { value: 'FREQ=WEEKLY', label: "Every week, on the start's weekday" },
  { value: 'FREQ=MONTHLY', label: "Every month, on the start's date" },
  { value: 'custom', label: 'Custom rule (RFC 5545 RRULE)' },
] as const;

/** The repeat choice and custom rule that show a stored rrule. */
export function repeatOf(rrule: string | null): { repeat: string; custom: string } {
  if (rrule === null) return { repeat: 'none', custom: '' };
  const preset = repeatChoices.find((choice) => choice.value === rrule.toUpperCase());
  return preset ? { repeat: preset.value, custom: '' } : { repeat: 'custom', custom: rrule };
}

const days: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};

/** A recurrence in words where it is simple (`Every week on Sun · 120 min`), else the rule itself. */
export function describeRecurrence(rrule: string, durationMinutes: number | null): string {
  const parts = Object.fromEntries(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
  const unit: Record<string, string> = {
    HOURLY: 'hour',
    DAILY: 'day',
    WEEKLY: 'week',
    MONTHLY: 'month',
    YEARLY: 'year',
  };
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY']);
  const simple = unit[parts.FREQ ?? ''] && Object.keys(parts).every((key) => known.has(key));
  const length = durationMinutes === null ? '' : ` · ${durationMinutes} min`;
  if (!simple) return `${rrule}${length}`;
  const interval = Number(parts.INTERVAL ?? 1);
  let words = interval > 1 ? `Every ${interval} ${unit[parts.FREQ!]}s` : `Every ${unit[parts.FREQ!]}`;
  if (parts.BYDAY)
    words += ` on ${parts.BYDAY.split(',')
      .map((d: string) => days[d] ?? d)
      .join(', ')}`;
  return `${words}${length}`;
}

/** A window body as the API takes it. */
export interface WindowBody {
  title: string;
  monitorIds: string[];
  startsAt: string;
  endsAt: string | null;
  rrule: string | null;
  durationMinutes: number | null;
}

/** Reads the maintenance form (times typed in the form's `timeZone`); dates that cannot be read are errors. */
export function readWindowForm(values: Record<string, unknown>): {
  body: WindowBody;
  errors: Record<string, string>;
} {
  const zone = text(values, 'timeZone') || 'UTC';
  const errors: Record<string, string> = {};
  const startsAt = zonedToIso(text(values, 'startsAt'), zone);
  if (startsAt === null) errors.startsAt = 'Enter the date and time the window starts';
  const repeat = text(values, 'repeat') || 'none';
  const recurring = repeat !== 'none';
  let endsAt: string | null = null;
  if (!recurring) {
    endsAt = zonedToIso(text(values, 'endsAt'), zone);
    if (endsAt === null) errors.endsAt = 'Enter the date and time the window ends';
  }
  return {
    errors,
    body: {
      title: text(values, 'title'),
      monitorIds: list(values, 'monitorIds[]'),
      startsAt: startsAt ?? '',
      endsAt,
      rrule: !recurring ? null : repeat === 'custom' ? text(values, 'rrule') : repeat,
      durationMinutes: recurring ? optionalInt(text(values, 'durationMinutes')) : null,
    },
  };
}
