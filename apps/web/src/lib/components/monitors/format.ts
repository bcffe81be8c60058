/** How each status reads in the dashboard. */
export const statusLabels: Record<string, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'No data',
  paused: 'Paused',
  maintenance: 'Maintenance',
};

/** Statuses in the order a person triages them: problems first. */
export const statusOrder = ['down', 'degraded', 'unknown', 'maintenance', 'up', 'paused'] as const;

/** "just now", "2 min ago", "3 h ago", "5 d ago" of `iso` seen at `nowMs`; "never" for null. */
export function ago(iso: string | null, nowMs: number): string {
  if (iso === null) return 'never';
  const seconds = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** "in 12 days", "3 days ago" for a future or past date. */
export function inDays(iso: string, nowMs: number): string {
  const days = Math.round((Date.parse(iso) - nowMs) / 86_400_000);
  if (days === 0) return 'today';
  return days > 0 ? `in ${days} day${days === 1 ? '' : 's'}` : `${-days} day${days === -1 ? '' : 's'} ago`;
}

/** An uptime percentage to two decimals ("99.95%"), or "—" without data. */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value >= 99.995 && value < 100 ? '99.99' : value.toFixed(2)}%`;
}

/** A duration in milliseconds ("120 ms", "1.4 s"), or "—". */
export function millis(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${Math.round(value)} ms`;
}

/** Minutes as "45 min", "2 h 5 min", "3 d 4 h". */
export function minutes(value: number): string {
  const total = Math.round(value);
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  if (hours < 24) return `${hours} h${total % 60 ? ` ${total % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** A check interval as people say it ("every 30 s", "every 5 min", "every 2 h"). */
export function every(seconds: number): string {
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/** A date and time in UTC, short ("Oct 3, 14:05 UTC"): the same on the server and in every browser. */
export function dateTime(iso: string, seconds = false): string {
  const text = new Date(iso).toLocaleString('en', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hourCycle: 'h23',
    timeZone: 'UTC',
  });
  return `${text} UTC`;
}
