import { siteCompleteness } from './completeness.js';

describe(siteCompleteness.name, () => {
  // Nador reported 8:00–11:00 on three days of the edition and once at 23:00.
  const rows = [
    { siteId: 'nador', day: '2024-07-01', hours: [8, 9, 10, 11, 23] },
    { siteId: 'nador', day: '2024-07-02', hours: [8, 9, 10, 11] },
    { siteId: 'nador', day: '2024-07-03', hours: [8, 9] },
  ];

  it('should expect the hours a site reported in on at least half of its reporting days, and count them per day', () => {
    const [sut] = siteCompleteness(rows, ['nador'], ['2024-07-02', '2024-07-03', '2024-07-04']);
    expect(sut).toEqual({
      siteId: 'nador',
      hoursWithData: 6,
      hoursExpected: 12,
      days: [
        { date: '2024-07-02', hoursWithData: 4, hoursExpected: 4 },
        { date: '2024-07-03', hoursWithData: 2, hoursExpected: 4 },
        { date: '2024-07-04', hoursWithData: 0, hoursExpected: 4 },
      ],
    });
  });

  it('should leave out the sites that never reported in the edition', () => {
    expect(siteCompleteness(rows, ['jebha', 'nador'], ['2024-07-01']).map((s) => s.siteId)).toEqual(['nador']);
  });
});
