import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import { CASE_CATEGORIES, CHANNELS, operationDay, type SeasonStats } from '@marhaba/shared';
import type { ReportLabels } from './report-labels.js';
import { assistanceTable, completenessTable, scopeLine, siteTable, summaryRows, type Table } from './report-content.js';
import { barChart, CHART_COLORS, chartLegend, CONTENT_WIDTH, dailyChartSvg } from './report-charts.js';
import { pdfRenderer, REPORT_FONT } from './pdf-fonts.js';
import { pdfFormatter } from './rtl-text.js';

/** Columns beyond `widths` (the previous edition's, when there is one) get a narrow width each. */
function table(t: Table, L: ReportLabels, base: (string | number)[]): Content {
  const f = pdfFormatter(L);
  const widths = [...base, ...t.header.slice(base.length).map(() => 38)];
  const body: TableCell[][] = [f.row(t.header.map((h) => ({ ...(f.text(h, 12) as object), bold: true, fillColor: '#f1f5f9' }) as TableCell)), ...t.rows.map((r) => f.row(r.map((c) => f.cell(c) as TableCell)))];
  return [
    { ...(f.text(t.title) as object), style: 'h2' } as Content,
    { table: { headerRows: 1, widths: f.row(widths), body }, layout: 'lightHorizontalLines', fontSize: 7.5 },
  ];
}

/** The printable report as a pdfmake document: key figures, daily chart with peaks, assistance and channel charts, tables by site, completeness by site. */
export function reportDocument(s: SeasonStats, L: ReportLabels, generatedAt: Date): TDocumentDefinitions {
  const f = pdfFormatter(L);
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
    { svg: dailyChartSvg(s, L), width: CONTENT_WIDTH, font: REPORT_FONT } as Content,
    chartLegend(L),
    barChart(`${L.arrivals} — ${L.people}`, CHANNELS.map((c) => ({ label: L.channels[c], value: s.arrivals.byChannel[c] })), L, CHART_COLORS.arrivals),
    barChart(`${L.departures} — ${L.people}`, CHANNELS.map((c) => ({ label: L.channels[c], value: s.departures.byChannel[c] })), L, CHART_COLORS.departures),
    barChart(`${L.assistance} — ${L.cases}`, CASE_CATEGORIES.map((c) => ({ label: L.categories[c], value: s.assistance.byCategory[c] })), L, CHART_COLORS.bar),
    barChart(`${L.centralOffice} — ${L.processed}`, CASE_CATEGORIES.map((c) => ({ label: L.categories[c], value: s.centralOffice.byCategory[c] })), L, CHART_COLORS.axis),
    { text: '', pageBreak: 'after' },
    table(siteTable(s, L), L, ['*', 58, 40, 52, 48, 52, 48, 44]),
    table(assistanceTable(s, L), L, ['*', 52, 52, 44, 44, 44, 44]),
    table(completenessTable(s, L), L, ['*', 70, 70, 70]),
    { ...(f.text(L.completenessNote, 110) as object), fontSize: 7, color: '#525252', margin: [0, 4, 0, 0] } as Content,
  ];
  return {
    info: { title: L.title(s.year), subject: scopeLine(s, L), creator: 'Marhaba Ops Console' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: REPORT_FONT, fontSize: 9 },
    styles: { h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 4] }, h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] } },
    footer: (page, pages) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 7, color: '#737373' }),
    content,
  };
}

export async function toPdf(s: SeasonStats, L: ReportLabels, generatedAt = new Date()): Promise<Buffer> {
  return pdfRenderer().createPdf(reportDocument(s, L, generatedAt)).getBuffer();
}
