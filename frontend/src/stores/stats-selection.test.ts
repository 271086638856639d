import { describe, expect, it } from 'vitest';
import type { EditionDates } from '@marhaba/shared';
import { normalizeSelection, sameSelection, selectionFromRoute, selectionToRoute, statsQuery } from './stats-selection';

const editions: EditionDates[] = [
  { year: 2023, startsOn: '2023-06-05', endsOn: '2023-09-15' },
  { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' },
];

describe('normalizeSelection', () => {
  it('should show the latest edition, whole, for all sites when nothing is asked', () => {
    expect(normalizeSelection({}, editions)).toEqual({ year: 2024, from: null, to: null, siteId: null });
    expect(normalizeSelection({ year: '1999' }, editions)).toMatchObject({ year: 2024 });
    expect(normalizeSelection({ year: 2023 }, editions)).toMatchObject({ year: 2023 });
    expect(normalizeSelection({}, [])).toBeNull();
  });

  it('should keep only days within the edition, in order, and no range that is the whole edition', () => {
    expect(normalizeSelection({ year: '2024', from: '2024-07-01', to: '2024-07-31' }, editions)).toMatchObject({ from: '2024-07-01', to: '2024-07-31' });
    expect(normalizeSelection({ from: '2024-08-31', to: '2024-08-01' }, editions)).toMatchObject({ from: '2024-08-01', to: '2024-08-31' });
    expect(normalizeSelection({ from: '2024-06-04', to: '2024-09-16' }, editions)).toMatchObject({ from: null, to: null });
    expect(normalizeSelection({ from: '2024-06-05', to: '2024-09-15' }, editions)).toMatchObject({ from: null, to: null });
    expect(normalizeSelection({ from: '01/07/2024', to: '2024-7-1' }, editions)).toMatchObject({ from: null, to: null });
    // Days of 2024 mean nothing in 2023.
    expect(normalizeSelection({ year: 2023, from: '2024-07-01' }, editions)).toMatchObject({ year: 2023, from: null });
  });

  it('should take a site as given (the API says when it does not exist) and no site for an empty choice', () => {
    expect(normalizeSelection({ siteId: 'nador' }, editions)?.siteId).toBe('nador');
    expect(normalizeSelection({ siteId: '' }, editions)?.siteId).toBeNull();
  });
});

describe('selection in the API query and the address bar', () => {
  const sut = { year: 2024, from: '2024-07-01', to: null, siteId: 'nador' };

  it('should send only what narrows the edition', () => {
    expect(statsQuery(sut)).toEqual({ from: '2024-07-01', siteId: 'nador' });
    expect(statsQuery({ year: 2024, from: null, to: null, siteId: null })).toEqual({});
  });

  it('should read back what it writes in the address bar', () => {
    expect(selectionToRoute(sut)).toEqual({ year: '2024', from: '2024-07-01', site: 'nador' });
    expect(normalizeSelection(selectionFromRoute(selectionToRoute(sut)), editions)).toEqual(sut);
    expect(selectionFromRoute({ year: ['2023', '2024'], site: null })).toEqual({ year: '2023', from: null, to: null, siteId: null });
    expect(sameSelection(sut, { ...sut })).toBe(true);
    expect(sameSelection(sut, { ...sut, siteId: null })).toBe(false);
  });
});
