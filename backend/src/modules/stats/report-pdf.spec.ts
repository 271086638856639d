import { describe, expect, it } from '@jest/globals';
import { daysBetween, type SeasonStats } from '@marhaba/shared';
import { REPORT_LABELS } from './report-labels.js';
import { reportDocument, toPdf } from './report-pdf.js';

const counts = { information: 10, administrative: 5, customs: 3, medical: 2, transport: 1 };
const days = daysBetween('2024-06-05', '2024-09-15');
const stats: SeasonStats = {
  year: 2024,
  edition: { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' },
  filters: { from: '2024-06-05', to: '2024-09-15', siteId: null },
  sites: [
    { id: 'tanger-med', name: 'Tanger Med', names: { fr: 'Tanger Med', ar: 'طنجة المتوسط', en: 'Tanger Med' }, kind: 'port', channel: 'sea', countsTowardsTotals: true },
    { id: 'mediterranee', name: 'Aire Méditerranée (المتوسط)', names: { fr: 'Aire Méditerranée', ar: 'فضاء مرحبا المتوسط', en: 'Mediterranean area' }, kind: 'rest_area', channel: 'sea', countsTowardsTotals: false },
  ],
  arrivals: { people: 1000, vehicles: 300, byChannel: { sea: 700, air: 300 }, bySite: [{ siteId: 'tanger-med', people: 1000, vehicles: 300 }, { siteId: 'mediterranee', people: 50, vehicles: 20 }] },
  departures: { people: 900, vehicles: 250, byChannel: { sea: 600, air: 300 }, bySite: [{ siteId: 'tanger-med', people: 900, vehicles: 250 }, { siteId: 'mediterranee', people: 40, vehicles: 10 }] },
  daily: days.map((date, i) => ({ date, arrivals: (i * 37) % 101, departures: (i * 53) % 97 })),
  peaks: { arrivals: { date: '2024-07-20', people: 100 }, departures: { date: '2024-09-10', people: 96 } },
  assistance: { total: 21, byCategory: counts, bySite: [{ siteId: 'tanger-med', total: 21, byCategory: counts }] },
  centralOffice: { processed: 8, byCategory: counts },
  busStaging: { passengers: 120, buses: 3, minibuses: 2 },
  previous: { year: 2023, source: 'reference', arrivals: 900, departures: null, assistance: 20, centralOffice: 7, change: { arrivals: 11.11, departures: null, assistance: 5, centralOffice: -2.5 }, bySite: [], daily: [] },
  completeness: [{ siteId: 'tanger-med', hoursWithData: 30, hoursExpected: 40, days: [{ date: '2024-06-05', hoursWithData: 30, hoursExpected: 40 }] }],
} as SeasonStats;

describe(reportDocument.name, () => {
  it("should date the report with Casablanca's day, not UTC's, just after local midnight", () => {
    // 2024-08-28 23:30 UTC is 00:30 on 29 August in Casablanca (UTC+1 in summer).
    const sut = reportDocument(stats, REPORT_LABELS.en, new Date('2024-08-28T23:30:00Z'));
    expect(JSON.stringify(sut.content)).toContain('Generated on: 2024-08-29');
  });

  it('should list each site\'s reporting completeness with its share and definition', () => {
    const sut = JSON.stringify(reportDocument(stats, REPORT_LABELS.en, new Date('2024-08-28T12:00:00Z')).content);
    expect(sut).toContain('Reporting completeness');
    expect(sut).toContain('75');
    expect(sut).toContain('at least half of the days');
  });

  it('should lay the Arabic report out right to left', () => {
    const sut = reportDocument(stats, REPORT_LABELS.ar, new Date('2024-08-28T12:00:00Z'));
    expect(JSON.stringify(sut.content)).toContain('"alignment":"right"');
  });
});

describe(toPdf.name, () => {
  it('should render a PDF with our font in each language', async () => {
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const sut = await toPdf(stats, REPORT_LABELS[lang]);
      expect(sut.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(sut.toString('latin1')).toContain('DejaVuSans');
    }
  }, 60_000);
});
