import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SiteKind, SiteView } from '@marhaba/shared';
import { setLocale } from '../i18n';
import { useSitesStore } from './sites';

const site = (id: string, kind: SiteKind, ar: string): SiteView => ({
  id, name: id, names: { fr: id, ar, en: `${id} (en)` }, kind, channel: 'air', country: 'MA', lat: 30, lon: -10, holdingArea: null, hourlyThresholdPeople: 100, active: true,
});

describe('useSitesStore', () => {
  let sut: ReturnType<typeof useSitesStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    sut = useSitesStore();
    sut.list = [site('tanger-med', 'port', 'طنجة المتوسط'), site('dakhla', 'airport', 'مطار الداخلة')];
    sut.editions = [
      { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15', siteIds: ['tanger-med'] },
      { year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15', siteIds: ['tanger-med', 'dakhla'] },
    ];
  });

  it('should offer the sites of the latest edition out of season, and an edition its own sites', () => {
    expect(sut.active.map((s) => s.id)).toEqual(['tanger-med', 'dakhla']);
    expect(sut.ofEdition(2024).map((s) => s.id)).toEqual(['tanger-med']);
  });

  it('should name a site in the page language', () => {
    setLocale('ar');
    expect(sut.name('dakhla')).toBe('مطار الداخلة');
    setLocale('en');
    expect(sut.name('dakhla')).toBe('dakhla (en)');
    expect(sut.name('atlantis')).toBe('atlantis');
  });
});
