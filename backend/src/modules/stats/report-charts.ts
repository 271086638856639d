import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { SeasonStats } from '@marhaba/shared';
import type { ReportLabels } from './report-labels.js';
import { pdfFormatter } from './rtl-text.js';

export const CHART_COLORS = { arrivals: '#0f766e', departures: '#c2410c', grid: '#d4d4d4', axis: '#525252', bar: '#1d4ed8' };

/** Width of the A4 page's content between its margins, in points: charts span it. */
export const CONTENT_WIDTH = 515;

/** The daily arrivals and departures as an SVG line chart, peak days marked; axis labels are digits only (no bidi). */
export function dailyChartSvg(s: SeasonStats, L: ReportLabels): string {
  const h = 220;
  const left = 52;
  const bottom = 22;
  const plotW = CONTENT_WIDTH - left - 8;
  const plotH = h - bottom - 10;
  const n = Math.max(1, s.daily.length - 1);
  const max = Math.max(1, ...s.daily.flatMap((d) => [d.arrivals, d.departures]));
  // Grid lines at 1 or 2 times a power of ten, whichever gives five to ten of them.
  const step = 10 ** Math.floor(Math.log10(max)) * (max / 10 ** Math.floor(Math.log10(max)) > 5 ? 2 : 1);
  const top = Math.ceil(max / step) * step;
  const x = (i: number) => left + (i / n) * plotW;
  const y = (v: number) => 10 + plotH - (v / top) * plotH;
  const number = new Intl.NumberFormat(L.locale);
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${left}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="${CHART_COLORS.grid}" stroke-width="0.5"/>`);
    parts.push(`<text x="${left - 4}" y="${y(v) + 3}" font-size="7" text-anchor="end" fill="${CHART_COLORS.axis}">${number.format(v)}</text>`);
  }
  s.daily.forEach((d, i) => {
    if (d.date.endsWith('-01') || d.date.endsWith('-15') || i === 0) {
      parts.push(`<line x1="${x(i)}" y1="${10 + plotH}" x2="${x(i)}" y2="${13 + plotH}" stroke="${CHART_COLORS.axis}" stroke-width="0.5"/>`);
      parts.push(`<text x="${x(i)}" y="${h - 8}" font-size="7" text-anchor="middle" fill="${CHART_COLORS.axis}">${d.date.slice(8, 10)}/${d.date.slice(5, 7)}</text>`);
    }
  });
  for (const key of ['arrivals', 'departures'] as const) {
    const points = s.daily.map((d, i) => `${x(i).toFixed(1)},${y(d[key]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${CHART_COLORS[key]}" stroke-width="1.4"/>`);
    const peak = s.peaks[key];
    if (peak) {
      const i = s.daily.findIndex((d) => d.date === peak.date);
      parts.push(`<circle cx="${x(i)}" cy="${y(peak.people)}" r="3" fill="${CHART_COLORS[key]}"/>`);
      const anchor = i > s.daily.length * 0.8 ? 'end' : 'start';
      parts.push(`<text x="${x(i) + (anchor === 'end' ? -5 : 5)}" y="${y(peak.people) - 4}" font-size="7.5" font-weight="bold" text-anchor="${anchor}" fill="${CHART_COLORS[key]}">${peak.date.slice(8, 10)}/${peak.date.slice(5, 7)} · ${number.format(peak.people)}</text>`);
    }
  }
  parts.push(`<line x1="${left}" y1="${10 + plotH}" x2="${left + plotW}" y2="${10 + plotH}" stroke="${CHART_COLORS.axis}" stroke-width="0.8"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CONTENT_WIDTH}" height="${h}" viewBox="0 0 ${CONTENT_WIDTH} ${h}">${parts.join('')}</svg>`;
}

/** A horizontal bar chart as table rows: label, bar, value; mirrored in Arabic. */
export function barChart(title: string, bars: { label: string; value: number }[], L: ReportLabels, color: string): Content {
  const f = pdfFormatter(L);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barWidth = 250;
  const body = bars.map((b) => {
    const w = Math.max(0.5, (b.value / max) * barWidth);
    const bar = `<svg xmlns="http://www.w3.org/2000/svg" width="${barWidth}" height="10"><rect x="${L.rtl ? barWidth - w : 0}" y="1" width="${w}" height="8" fill="${color}"/></svg>`;
    return f.row([f.text(b.label), { svg: bar, width: barWidth, height: 10 }, f.cell(b.value)] as TableCell[]);
  });
  return [
    { ...(f.text(title) as object), style: 'h2' } as Content,
    { table: { widths: f.row([150, barWidth, '*']), body }, layout: 'noBorders', fontSize: 8 },
  ];
}

/** The daily chart's legend: a swatch and a name per line, in reading order. */
export function chartLegend(L: ReportLabels): Content {
  const f = pdfFormatter(L);
  const swatch = (color: string) => ({ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="${color}"/></svg>`, width: 10 });
  const item = (key: 'arrivals' | 'departures') => ({ columns: f.row([swatch(CHART_COLORS[key]), { ...(f.text(L[key]) as object), width: 'auto', margin: [4, 0, 0, 0] }]), width: 'auto', columnGap: 4 });
  return { columns: f.row([item('arrivals'), item('departures')]), columnGap: 16, fontSize: 8, margin: [0, 2, 0, 8] } as Content;
}
