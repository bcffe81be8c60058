import { ServiceError } from '@vantage/domain';

const msPerDay = 86_400_000;

/** Default range of a stats query: the last 30 days. */
export const defaultRangeDays = 30;

/** Longest range a stats query may ask for. */
export const maxRangeDays = 400;

/** The validated [from, to) of a stats query: defaults to the last 30 days, to after from, at most 400 days. */
export function statsRange(
  query: { from?: string; to?: string },
  now = new Date(),
): { from: Date; to: Date } {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined ? new Date(to.getTime() - defaultRangeDays * msPerDay) : new Date(query.from);
  if (to.getTime() <= from.getTime()) throw invalid('query.to', 'Must be after from');
  if (to.getTime() - from.getTime() > maxRangeDays * msPerDay) {
    throw invalid(
      query.from === undefined ? 'query.to' : 'query.from',
      `Range is longer than ${maxRangeDays} days`,
    );
  }
  return { from, to };
}

/** A 400 naming the field. */
export function invalid(path: string, message: string): ServiceError {
  return new ServiceError('validation', 'Invalid query', [{ path, message }]);
}
