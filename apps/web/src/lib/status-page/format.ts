// How a public status page says things: state names, day descriptions, months of incidents.
import { minutes, percent } from '../components/monitors/format.ts';

export { minutes, percent };

/** What the page says overall. */
export const overallLabels: Record<string, string> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Under maintenance',
};

/** Short overall state, for badges and the widget. */
export const overallShort: Record<string, string> = {
  operational: 'operational',
  degraded: 'degraded',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  maintenance: 'maintenance',
};

/** The state class (`s-up` …) an overall state is drawn with. */
export const overallStateClass: Record<string, string> = {
  operational: 's-up',
  degraded: 's-degraded',
  partial_outage: 's-degraded',
  major_outage: 's-down',
  maintenance: 's-maintenance',
};

/** What a component's (or a region's) state reads as on a public page. */
export const componentLabels: Record<string, string> = {
  up: 'Operational',
  degraded: 'Degraded',
  down: 'Outage',
  maintenance: 'Maintenance',
  unknown: 'No data',
};

/** Incident statuses and impacts as visitors read them. */
export const incidentStatusLabels: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const impactLabels: Record<string, string> = {
  critical: 'Critical',
  major: 'Major',
  minor: 'Minor',
  none: 'No impact',
};

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC day (`2025-03-12`) as `12 Mar 2025` (by hand: a page formats thousands of these). */
export function dayLabel(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${monthNames[Number(month) - 1] ?? month} ${year}`;
}

/** An uptime for a tooltip: `100%`, `99.95%`. */
function shortPercent(value: number): string {
  return value === 100 ? '100%' : percent(value);
}

/** One day of history as a tooltip, kept short (a page holds thousands): state, uptime, downtime, incidents. */
export function describeDay(day: {
  date: string;
  worstState: string;
  uptimePercent: number | null;
  downtimeMinutes: number;
  incidents?: number;
}): string {
  const date = dayLabel(day.date);
  if (day.uptimePercent === null && day.worstState === 'unknown') return `${date}: no data`;
  const parts = [`${date}: ${componentLabels[day.worstState]?.toLowerCase() ?? day.worstState}`];
  if (day.uptimePercent !== null) parts.push(`${shortPercent(day.uptimePercent)} uptime`);
  if (day.downtimeMinutes > 0) parts.push(`${minutes(day.downtimeMinutes)} down`);
  if (day.incidents) parts.push(`${day.incidents} incident${day.incidents === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const utcFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** An ISO instant as `12 Mar 2025, 14:05 UTC`, the server's rendering before the visitor's browser localizes it. */
export function utcLabel(iso: string): string {
  return `${utcFormat.format(new Date(iso))} UTC`;
}

/** A duration between two instants as `45 min`, `2 h 5 min`. */
export function durationLabel(fromIso: string, toIso: string): string {
  return minutes(Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
}

/** Items grouped by the UTC month of `at(item)`, newest month first, each month newest first. */
export function byMonth<T>(
  items: readonly T[],
  at: (item: T) => string,
): { month: string; label: string; items: T[] }[] {
  const months = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => at(b).localeCompare(at(a)))) {
    const month = at(item).slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), item]);
  }
  return [...months].map(([month, grouped]) => ({
    month,
    label: new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    items: grouped,
  }));
}

/** The last `count` UTC months up to `nowIso`, newest first (`2025-03`), so empty months show too. */
export function lastMonths(nowIso: string, count: number): string[] {
  const now = new Date(nowIso);
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7),
  );
}
