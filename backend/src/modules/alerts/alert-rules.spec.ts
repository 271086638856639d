import { isCriticalMedical, UNATTENDED_WATCH_HOURS, unattendedWindow } from './alert-rules.js';

describe('isCriticalMedical', () => {
  it('should only match medical cases of critical priority', () => {
    expect(isCriticalMedical({ category: 'medical', priority: 'critical' })).toBe(true);
    expect(isCriticalMedical({ category: 'medical', priority: 'high' })).toBe(false);
    expect(isCriticalMedical({ category: 'customs', priority: 'critical' })).toBe(false);
  });
});

describe('unattendedWindow', () => {
  const editions = [{ startsOn: '2024-06-05', endsOn: '2024-09-15' }];

  it('should end the configured number of minutes ago and start a watch window earlier off season', () => {
    const sut = unattendedWindow(new Date('2024-12-01T10:30:00Z'), 30, editions);
    expect(sut.openedBefore.toISOString()).toBe('2024-12-01T10:00:00.000Z');
    expect(sut.openedFrom.toISOString()).toBe(new Date(Date.parse('2024-12-01T10:30:00Z') - UNATTENDED_WATCH_HOURS * 3_600_000).toISOString());
  });

  it('should not reach back before the start of the edition in progress (its first local day)', () => {
    const sut = unattendedWindow(new Date('2024-06-05T08:00:00Z'), 30, editions);
    // 5 June 00:00 in Casablanca (UTC+1) is 4 June 23:00 UTC.
    expect(sut.openedFrom.toISOString()).toBe('2024-06-04T23:00:00.000Z');
  });
});
