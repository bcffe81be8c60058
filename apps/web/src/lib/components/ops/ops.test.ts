import { describe, expect, it } from 'vitest';
import { readChannelConfig } from './channels.ts';
import { describeRecurrence, readWindowForm, repeatOf } from './maintenance.ts';
import { formatDuration, isoToZoned, zonedToIso } from './time.ts';

describe('times typed in a zone', () => {
  it.each([
    ['2030-01-06T02:00', 'UTC', '2030-01-06T02:00:00.000Z'],
    ['2030-01-06T02:00', 'Europe/Berlin', '2030-01-06T01:00:00.000Z'],
    // Summer time in Berlin (UTC+2), and the day clocks go forward in New York.
    ['2030-07-01T09:30', 'Europe/Berlin', '2030-07-01T07:30:00.000Z'],
    ['2030-03-10T12:00', 'America/New_York', '2030-03-10T16:00:00.000Z'],
    ['2030-01-06T02:00', 'Not/A_Zone', '2030-01-06T02:00:00.000Z'],
  ])('%s in %s is %s', (local, zone, iso) => {
    expect(zonedToIso(local, zone)).toBe(iso);
    if (zone !== 'Not/A_Zone') expect(isoToZoned(iso, zone)).toBe(local);
  });

  it.each(['', 'tomorrow', '2030-01-06'])('refuses %j', (local) => {
    expect(zonedToIso(local, 'UTC')).toBeNull();
  });

  it.each([
    [42, '42 s'],
    [720, '12 min'],
    [5400, '1 h 30 min'],
    [3 * 86_400 + 7200, '3 d 2 h'],
  ])('says %i seconds as %s', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});

describe('the maintenance form', () => {
  it('reads a weekly window typed in Berlin as UTC instants with a rule and a duration', () => {
    const { body, errors } = readWindowForm({
      title: 'DB',
      'monitorIds[]': ['m1'],
      timeZone: 'Europe/Berlin',
      repeat: 'FREQ=WEEKLY',
      startsAt: '2030-01-06T02:00',
      endsAt: '2030-01-06T05:00',
      durationMinutes: '90',
    });
    expect(errors).toEqual({});
    expect(body).toEqual({
      title: 'DB',
      monitorIds: ['m1'],
      startsAt: '2030-01-06T01:00:00.000Z',
      endsAt: null,
      rrule: 'FREQ=WEEKLY',
      durationMinutes: 90,
    });
  });

  it('names the date that cannot be read', () => {
    const { errors } = readWindowForm({ repeat: 'none', startsAt: '2030-01-06T02:00', endsAt: '' });
    expect(Object.keys(errors)).toEqual(['endsAt']);
  });

  it.each([
    ['FREQ=WEEKLY;BYDAY=SU,WE', 120, 'Every week on Sun, Wed · 120 min'],
    ['FREQ=DAILY;INTERVAL=2', 30, 'Every 2 days · 30 min'],
    ['FREQ=MONTHLY;BYMONTHDAY=1', 60, 'FREQ=MONTHLY;BYMONTHDAY=1 · 60 min'],
  ])('describes %s', (rrule, minutes, words) => {
    expect(describeRecurrence(rrule, minutes)).toBe(words);
  });

  it('shows a preset rule as its choice and any other as a custom rule', () => {
    expect(repeatOf('FREQ=DAILY')).toEqual({ repeat: 'FREQ=DAILY', custom: '' });
    expect(repeatOf('FREQ=WEEKLY;BYDAY=SU')).toEqual({ repeat: 'custom', custom: 'FREQ=WEEKLY;BYDAY=SU' });
  });
});

describe('alert-channel settings from the form', () => {
  it('splits email addresses on commas and new lines', () => {
    expect(readChannelConfig('email', { to: 'a@example.com, b@example.com\nc@example.com' })).toEqual({
      to: ['a@example.com', 'b@example.com', 'c@example.com'],
    });
  });

  it('keeps a stored secret when an edit leaves it blank', () => {
    expect(readChannelConfig('slack', { slackWebhookUrl: '' }, true)).toBeUndefined();
    expect(readChannelConfig('webhook', { url: 'https://x.example', secret: '' }, true)).toEqual({
      url: 'https://x.example',
    });
    expect(readChannelConfig('pagerduty', { routingKey: ' key ' })).toEqual({ routingKey: 'key' });
  });
});
