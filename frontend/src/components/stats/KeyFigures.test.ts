import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SeasonStats } from '@marhaba/shared';
import { i18n, setLocale } from '../../i18n';
import KeyFigures from './KeyFigures.vue';
import { assistanceRows, changeOf, completenessRows, siteRows } from './stats-tables';

const counts = (c: Partial<SeasonStats['assistance']['byCategory']> = {}) => ({ information: 0, administrative: 0, customs: 0, medical: 0, transport: 0, ...c });

/** An edition with no data at all, as the API answers it: zeros everywhere, compared with the published 2023 arrivals. */
function emptySeason(): SeasonStats {
  const flow = { people: 0, vehicles: 0, byChannel: { sea: 0, air: 0 }, bySite: [] };
  return {
    year: 2024, edition: { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' }, filters: { from: '2024-06-05', to: '2024-09-15', siteId: null },
    sites: [], arrivals: flow, departures: flow, daily: [], peaks: { arrivals: null, departures: null },
    assistance: { total: 0, byCategory: counts(), bySite: [] }, centralOffice: { processed: 0, byCategory: counts() }, busStaging: { passengers: 0, buses: 0, minibuses: 0 }, completeness: [],
    previous: { year: 2023, source: 'reference', arrivals: 3_165_255, departures: null, assistance: null, centralOffice: null, change: { arrivals: -100, departures: null, assistance: null, centralOffice: null }, bySite: [], daily: [] },
  };
}

function season(): SeasonStats {
  const s = emptySeason();
  s.sites = [
    { id: 'nador', name: 'Nador / Beni Ansar', names: { fr: 'Nador / Beni Ansar', ar: 'الناظور / بني أنصار', en: 'Nador / Beni Ansar' }, kind: 'port', channel: 'sea', countsTowardsTotals: true },
    { id: 'tanger-med', name: 'Tanger Med', names: { fr: 'Tanger Med', ar: 'Tanger Med', en: 'Tanger Med' }, kind: 'port', channel: 'sea', countsTowardsTotals: true },
    { id: 'mediterranee', name: 'Méditerranée', names: { fr: 'Méditerranée', ar: 'Méditerranée', en: 'Méditerranée' }, kind: 'rest_area', channel: 'sea', countsTowardsTotals: false },
    { id: 'oujda', name: 'Oujda Angad', names: { fr: 'Oujda Angad', ar: 'Oujda Angad', en: 'Oujda Angad' }, kind: 'airport', channel: 'air', countsTowardsTotals: true },
  ];
  s.arrivals = { people: 3_761_589, vehicles: 10, byChannel: { sea: 1_972_542, air: 1_789_047 }, bySite: [{ siteId: 'nador', people: 5, vehicles: 1 }, { siteId: 'tanger-med', people: 50, vehicles: 9 }, { siteId: 'mediterranee', people: 62, vehicles: 2 }] };
  s.departures = { ...s.arrivals, people: 8, bySite: [{ siteId: 'nador', people: 3, vehicles: 1 }, { siteId: 'tanger-med', people: 5, vehicles: 1 }, { siteId: 'mediterranee', people: 0, vehicles: 0 }] };
  s.assistance = { total: 155_907, byCategory: counts({ information: 98_310, administrative: 27_011, customs: 15_244, medical: 13_714, transport: 1_628 }), bySite: [{ siteId: 'nador', total: 2, byCategory: counts({ customs: 2 }) }, { siteId: 'tanger-med', total: 0, byCategory: counts() }] };
  s.centralOffice = { processed: 43_883, byCategory: counts({ customs: 43_883 }) };
  s.busStaging = { passengers: 12_328, buses: 218, minibuses: 63 };
  s.previous = { year: 2023, source: 'reference', arrivals: 3_165_255, departures: null, assistance: null, centralOffice: null, change: { arrivals: 18.84, departures: null, assistance: null, centralOffice: null }, bySite: [], daily: [] };
  return s;
}

describe('KeyFigures', () => {
  beforeEach(() => setLocale('fr'));
  const mountSut = (stats: SeasonStats) => mount(KeyFigures, { props: { stats }, global: { plugins: [i18n] } });
  /** Text with Intl's no-break spaces as plain ones. */
  const text = (wrapper: ReturnType<typeof mountSut>, selector: string) => wrapper.get(selector).text().replace(/\s+/g, ' ');
  const value = (wrapper: ReturnType<typeof mountSut>, card: string) => text(wrapper, `[data-testid=card-${card}] [data-testid=value]`);

  it('should show the report’s key figures with the change from the previous edition in words and glyph', () => {
    const sut = mountSut(season());
    expect(value(sut, 'arrivals')).toBe('3.761.589');
    expect(value(sut, 'sea')).toBe('1.972.542');
    expect(value(sut, 'air')).toBe('1.789.047');
    expect(text(sut, '[data-testid=card-sea]')).toContain('52 % des arrivées');
    expect(text(sut, '[data-testid=card-arrivals] [data-testid=change]')).toBe('▲ +18,84 % par rapport à 2023 (3.165.255) · chiffres publiés');
    expect(text(sut, '[data-testid=card-departures] [data-testid=change]')).toBe('pas de chiffre 2023 comparable');
    expect(value(sut, 'assistance')).toBe('155.907');
    expect(text(sut, '[data-testid=category-administrative]')).toBe('Administratif et juridique27.011');
    expect(value(sut, 'central-office')).toBe('43.883');
    expect(sut.get('[data-testid=bus-passengers]').text()).toContain('12.328');
    expect(sut.get('[data-testid=bus-buses]').text()).toContain('218');
    expect(sut.get('[data-testid=bus-minibuses]').text()).toContain('63');
  });

  it('should show zeros for an edition with no data, not an error', () => {
    const sut = mountSut(emptySeason());
    for (const card of ['arrivals', 'departures', 'sea', 'air', 'assistance', 'central-office']) expect(value(sut, card)).toBe('0');
    expect(text(sut, '[data-testid=card-arrivals] [data-testid=change]')).toContain('▼ -100 % par rapport à 2023');
    expect(text(sut, '[data-testid=card-sea]')).not.toContain('NaN');
  });

  it('should speak Arabic with Moroccan digits', () => {
    setLocale('ar');
    const sut = mountSut(season());
    expect(value(sut, 'arrivals')).toBe('3.761.589');
    expect(sut.get('[data-testid=card-arrivals] h3').text()).toBe('الوصول');
  });
});

describe('stats tables', () => {
  it('should list the selected sites busiest first, rest areas marked apart', () => {
    const rows = siteRows(season(), 'fr');
    expect(rows.map((r) => [r.siteId, r.arrivals.people + r.departures.people, r.countsTowardsTotals, r.cases])).toEqual([
      ['mediterranee', 62, false, 0],
      ['tanger-med', 55, true, 0],
      ['nador', 8, true, 2],
    ]);
  });

  it('should list only the sites that assisted someone', () => {
    expect(assistanceRows(season(), 'fr')).toEqual([{ siteId: 'nador', name: 'Nador / Beni Ansar', total: 2, byCategory: counts({ customs: 2 }) }]);
    expect(assistanceRows(season(), 'ar')[0]?.name).toBe('الناظور / بني أنصار');
  });

  it('should list the sites least complete first, with their weakest day', () => {
    const stats: SeasonStats = {
      ...season(),
      completeness: [
        { siteId: 'tanger-med', hoursWithData: 40, hoursExpected: 40, days: [{ date: '2024-07-01', hoursWithData: 20, hoursExpected: 20 }, { date: '2024-07-02', hoursWithData: 20, hoursExpected: 20 }] },
        { siteId: 'nador', hoursWithData: 25, hoursExpected: 40, days: [{ date: '2024-07-01', hoursWithData: 18, hoursExpected: 20 }, { date: '2024-07-02', hoursWithData: 7, hoursExpected: 20 }] },
      ],
    };
    expect(completenessRows(stats).map((r) => [r.siteId, r.share, r.weakestDay?.date ?? null])).toEqual([
      ['nador', 0.625, '2024-07-02'],
      ['tanger-med', 1, null],
    ]);
  });

  it('should give the direction of a change as a glyph', () => {
    expect(changeOf(18.84)).toEqual({ glyph: '▲', ratio: 0.1884 });
    expect(changeOf(-3)).toEqual({ glyph: '▼', ratio: -0.03 });
    expect(changeOf(0)?.glyph).toBe('=');
    expect(changeOf(null)).toBeNull();
  });
});
