import { describe, expect, it } from '@jest/globals';
import type { SeasonStats } from '@marhaba/shared';
import { barChart, dailyChartSvg } from './report-charts.js';
import { REPORT_LABELS } from './report-labels.js';

const season = {
  daily: [
    { date: '2024-07-01', arrivals: 10, departures: 5 },
    { date: '2024-07-02', arrivals: 70, departures: 20 },
    { date: '2024-07-03', arrivals: 30, departures: 40 },
  ],
  peaks: { arrivals: { date: '2024-07-02', people: 70 }, departures: { date: '2024-07-03', people: 40 } },
} as SeasonStats;

describe(dailyChartSvg.name, () => {
  it('should draw a line per direction and mark each peak with its day and figure', () => {
    const sut = dailyChartSvg(season, REPORT_LABELS.en);
    expect(sut.match(/<polyline/g)).toHaveLength(2);
    expect(sut.match(/<circle/g)).toHaveLength(2);
    expect(sut).toContain('02/07 · 70');
    expect(sut).toContain('03/07 · 40');
  });

  it('should put grid lines at round values up to the first one above the maximum', () => {
    const sut = dailyChartSvg(season, REPORT_LABELS.en);
    expect(sut).toContain('>80</text>');
    expect(sut).not.toContain('>100</text>');
  });
});

describe(barChart.name, () => {
  const bars = [{ label: 'a', value: 10 }, { label: 'b', value: 5 }];

  it('should size bars against the largest', () => {
    const sut = JSON.stringify(barChart('t', bars, REPORT_LABELS.en, '#000'));
    expect(sut).toContain('width=\\"250\\" height=\\"8\\"');
    expect(sut).toContain('width=\\"125\\" height=\\"8\\"');
  });

  it('should grow bars from the right in Arabic', () => {
    const sut = JSON.stringify(barChart('t', bars, REPORT_LABELS.ar, '#000'));
    expect(sut).toContain('x=\\"125\\" y=\\"1\\" width=\\"125\\"');
  });
});
