import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Bidi } from 'bidi-js';
import pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { CASE_CATEGORIES, CHANNELS, operationDay, type SeasonStats } from '@marhaba/shared';
import type { ReportLabels } from './report-labels.js';
import { assistanceTable, scopeLine, siteTable, summaryRows, type Cell, type Table } from './report-content.js';

// DejaVu Sans has Latin and Arabic glyphs (with the joining forms that fontkit's shaper uses), so one font serves the three languages.
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
pdfmake.setFonts({
  DejaVu: {
    normal: join(FONT_DIR, 'DejaVuSans.ttf'),
    bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
    italics: join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
    bolditalics: join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
  },
});
// The report embeds only our fonts and inline SVG: no URL, no other file.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));

// bidi-js is a CommonJS module whose module.exports is the factory (its typings say `default`).
const bidi = (require('bidi-js') as () => Bidi)();
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;
const COLORS = { arrivals: '#0f766e', departures: '#c2410c', grid: '#d4d4d4', axis: '#525252', bar: '#1d4ed8' };
const WIDTH = 515;

/**
 * A right-to-left line as inline runs in visual order (left to right). pdfmake lays runs out left to right
 * and knows nothing of bidi; fontkit shapes each Arabic run and reverses its glyphs itself, so runs stay in
 * logical order inside and only their order is changed here (rule L2 of the Unicode bidi algorithm, applied
 * to words). Lines must be short enough not to wrap: pdfmake would wrap them in the wrong order.
 */
export function rtlRuns(text: string): string[] {
  const { levels } = bidi.getEmbeddingLevels(text, 'rtl');
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  const tokens = [...text.matchAll(/\s+|\S+/g)].map((m) => {
    const start = m.index;
    // fontkit lays a word with Arabic letters out right to left, reversing its glyphs without mirroring
    // them: brackets in such words are mirrored here. Other words keep their glyphs in order.
    const word = ARABIC.test(m[0]) ? m[0].split('').map((char, i) => mirrored.get(start + i) ?? char).join('') : m[0];
    return { text: word, level: Math.max(...levels.slice(start, start + m[0].length)) };
  });
  const highest = Math.max(1, ...tokens.map((t) => t.level));
  for (let level = highest; level >= 1; level--) {
    for (let i = 0; i < tokens.length; ) {
      if (tokens[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < tokens.length && tokens[j].level >= level) j++;
      tokens.splice(i, j - i, ...tokens.slice(i, j).reverse());
      i = j;
    }
  }
  return tokens.map((t) => t.text);
}

function formatter(L: ReportLabels) {
  const number = new Intl.NumberFormat(L.locale, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(L.locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  /**
   * A text; in Arabic, right to left, and when longer than `wrapAt` characters broken into lines here,
   * word by word in reading order, since pdfmake would wrap the reordered runs in the wrong order.
   */
  const text = (value: string, wrapAt = Infinity): Content => {
    if (!L.rtl) return { text: value };
    const lines: string[] = [];
    for (const word of value.split(' ')) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= wrapAt) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    return lines.length === 1 ? { text: rtlRuns(value), alignment: 'right' } : { stack: lines.map((line) => ({ text: rtlRuns(line), alignment: 'right', noWrap: true })) };
  };
  const cell = (value: Cell, isChange = false): Content =>
    typeof value === 'number' ? { text: isChange ? `${signed.format(value)} %` : number.format(value), alignment: 'right', noWrap: true } : text(value ?? '—');
  /** Columns run right to left in Arabic. */
  const row = <T>(cells: T[]) => (L.rtl ? [...cells].reverse() : cells);
  return { number, text, cell, row };
}

function table(t: Table, L: ReportLabels, widths: (string | number)[]): Content {
  const f = formatter(L);
  const body: TableCell[][] = [f.row(t.header.map((h) => ({ ...(f.text(h, 12) as object), bold: true, fillColor: '#f1f5f9' }) as TableCell)), ...t.rows.map((r) => f.row(r.map((c) => f.cell(c) as TableCell)))];
  return [
    { ...(f.text(t.title) as object), style: 'h2' } as Content,
    { table: { headerRows: 1, widths: f.row(widths), body }, layout: 'lightHorizontalLines', fontSize: 7.5 },
  ];
}

/** The daily arrivals and departures as an SVG line chart, peak days marked; axis labels are digits only (no bidi). */
export function dailyChartSvg(s: SeasonStats, L: ReportLabels): string {
  const h = 220;
  const left = 52;
  const bottom = 22;
  const plotW = WIDTH - left - 8;
  const plotH = h - bottom - 10;
  const n = Math.max(1, s.daily.length - 1);
  const max = Math.max(1, ...s.daily.flatMap((d) => [d.arrivals, d.departures]));
  const step = 10 ** Math.floor(Math.log10(max)) * (max / 10 ** Math.floor(Math.log10(max)) > 5 ? 2 : 1);
  const top = Math.ceil(max / step) * step;
  const x = (i: number) => left + (i / n) * plotW;
  const y = (v: number) => 10 + plotH - (v / top) * plotH;
  const number = new Intl.NumberFormat(L.locale);
  const parts: string[] = [];
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${left}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="${COLORS.grid}" stroke-width="0.5"/>`);
    parts.push(`<text x="${left - 4}" y="${y(v) + 3}" font-size="7" text-anchor="end" fill="${COLORS.axis}">${number.format(v)}</text>`);
  }
  s.daily.forEach((d, i) => {
    if (d.date.endsWith('-01') || d.date.endsWith('-15') || i === 0) {
      parts.push(`<line x1="${x(i)}" y1="${10 + plotH}" x2="${x(i)}" y2="${13 + plotH}" stroke="${COLORS.axis}" stroke-width="0.5"/>`);
      parts.push(`<text x="${x(i)}" y="${h - 8}" font-size="7" text-anchor="middle" fill="${COLORS.axis}">${d.date.slice(8, 10)}/${d.date.slice(5, 7)}</text>`);
    }
  });
  for (const key of ['arrivals', 'departures'] as const) {
    const points = s.daily.map((d, i) => `${x(i).toFixed(1)},${y(d[key]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${COLORS[key]}" stroke-width="1.4"/>`);
    const peak = s.peaks[key];
    if (peak) {
      const i = s.daily.findIndex((d) => d.date === peak.date);
      parts.push(`<circle cx="${x(i)}" cy="${y(peak.people)}" r="3" fill="${COLORS[key]}"/>`);
      const anchor = i > s.daily.length * 0.8 ? 'end' : 'start';
      parts.push(`<text x="${x(i) + (anchor === 'end' ? -5 : 5)}" y="${y(peak.people) - 4}" font-size="7.5" font-weight="bold" text-anchor="${anchor}" fill="${COLORS[key]}">${peak.date.slice(8, 10)}/${peak.date.slice(5, 7)} · ${number.format(peak.people)}</text>`);
    }
  }
  parts.push(`<line x1="${left}" y1="${10 + plotH}" x2="${left + plotW}" y2="${10 + plotH}" stroke="${COLORS.axis}" stroke-width="0.8"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${h}" viewBox="0 0 ${WIDTH} ${h}">${parts.join('')}</svg>`;
}

/** A horizontal bar chart as table rows: label, bar, value; mirrored in Arabic. */
function barChart(title: string, bars: { label: string; value: number }[], L: ReportLabels, color: string): Content {
  const f = formatter(L);
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

function legend(L: ReportLabels): Content {
  const f = formatter(L);
  const swatch = (color: string) => ({ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="${color}"/></svg>`, width: 10 });
  const item = (key: 'arrivals' | 'departures') => ({ columns: f.row([swatch(COLORS[key]), { ...(f.text(L[key]) as object), width: 'auto', margin: [4, 0, 0, 0] }]), width: 'auto', columnGap: 4 });
  return { columns: f.row([item('arrivals'), item('departures')]), columnGap: 16, fontSize: 8, margin: [0, 2, 0, 8] } as Content;
}

/** The printable report: key figures, daily chart with peaks, assistance and channel charts, tables by site. */
export async function toPdf(s: SeasonStats, L: ReportLabels, generatedAt = new Date()): Promise<Buffer> {
  const f = formatter(L);
  const summary: TableCell[][] = [];
  let section = '';
  for (const r of summaryRows(s, L)) {
    if (r.section !== section) {
      section = r.section;
      // A cell spanning the row: its placeholder must follow it in either direction.
      summary.push([{ ...(f.text(section) as object), bold: true, colSpan: 2, fillColor: '#f1f5f9' }, {}] as TableCell[]);
    }
    summary.push(f.row([f.text(`${r.item} — ${r.measure}`), f.cell(r.value, r.measure === L.change)] as TableCell[]));
  }
  const content: Content = [
    { ...(f.text(L.title(s.year)) as object), style: 'h1' } as Content,
    f.text(scopeLine(s, L)),
    { ...(f.text(`${L.generated}: ${operationDay(generatedAt)}`) as object), fontSize: 8, color: '#525252', margin: [0, 2, 0, 6] } as Content,
    { ...(f.text(L.keyFigures) as object), style: 'h2' } as Content,
    { table: { widths: f.row(['*', 110]), body: summary }, layout: 'lightHorizontalLines', fontSize: 8.5 },
    { ...(f.text(L.totalsNote, 110) as object), fontSize: 7, color: '#525252', margin: [0, 4, 0, 0] } as Content,
    { ...(f.text(L.daily) as object), style: 'h2', pageBreak: 'before' } as Content,
    { svg: dailyChartSvg(s, L), width: WIDTH, font: 'DejaVu' } as Content,
    legend(L),
    barChart(`${L.arrivals} — ${L.people}`, CHANNELS.map((c) => ({ label: L.channels[c], value: s.arrivals.byChannel[c] })), L, COLORS.arrivals),
    barChart(`${L.departures} — ${L.people}`, CHANNELS.map((c) => ({ label: L.channels[c], value: s.departures.byChannel[c] })), L, COLORS.departures),
    barChart(`${L.assistance} — ${L.cases}`, CASE_CATEGORIES.map((c) => ({ label: L.categories[c], value: s.assistance.byCategory[c] })), L, COLORS.bar),
    barChart(`${L.centralOffice} — ${L.processed}`, CASE_CATEGORIES.map((c) => ({ label: L.categories[c], value: s.centralOffice.byCategory[c] })), L, COLORS.axis),
    { text: '', pageBreak: 'after' },
    table(siteTable(s, L), L, ['*', 58, 40, 52, 48, 52, 48, 44]),
    table(assistanceTable(s, L), L, ['*', 52, 52, 44, 44, 44, 44]),
  ];
  const doc = pdfmake.createPdf({
    info: { title: L.title(s.year), subject: scopeLine(s, L), creator: 'Marhaba Ops Console' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'DejaVu', fontSize: 9 },
    styles: { h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 4] }, h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] } },
    footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 7, color: '#737373' }),
    content,
  });
  return doc.getBuffer();
}
