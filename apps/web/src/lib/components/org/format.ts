// Dates render the same on the server and in the browser (no local time zone), so hydration agrees.
const day = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

/** `12 Mar 2026` for an ISO timestamp (UTC). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? day.format(new Date(iso)) : '—';
}

/** `12 Mar 2026, 14:05:09 UTC` for an ISO timestamp. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${dayTime.format(new Date(iso))} UTC` : '—';
}

/** A limit for people: `5`, or `Unlimited` when the plan has none. */
export function formatLimit(limit: number | null): string {
  return limit === null ? 'Unlimited' : String(limit);
}

/** `$29` / `$0` for a price in whole US dollars. */
export function formatUsd(amount: number): string {
  return `$${amount.toLocaleString('en-US')}`;
}
