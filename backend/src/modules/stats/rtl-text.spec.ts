import { describe, expect, it } from '@jest/globals';
import { REPORT_LABELS } from './report-labels.js';
import { pdfFormatter, rtlRuns } from './rtl-text.js';

describe(rtlRuns.name, () => {
  it('should reverse the order of Arabic words and keep each word in logical order for the shaper', () => {
    expect(rtlRuns('الأرقام الرئيسية')).toEqual(['الرئيسية', ' ', 'الأرقام']);
  });

  it('should keep numbers and Latin names left to right inside a right-to-left line', () => {
    expect(rtlRuns('الموقع: Tanger Med 2024').join('')).toBe('Tanger Med 2024 الموقع:');
  });

  it('should mirror brackets in Arabic words only, which the shaper reverses', () => {
    expect(rtlRuns('تنظيم الحافلات (باحة المتوسط)').join('')).toContain(')باحة');
    expect(rtlRuns('الدورة السابقة (2023)')[0]).toBe('(2023)');
  });
});

describe(pdfFormatter.name, () => {
  it('should keep columns in order in French and reverse them in Arabic', () => {
    expect(pdfFormatter(REPORT_LABELS.fr).row([1, 2, 3])).toEqual([1, 2, 3]);
    expect(pdfFormatter(REPORT_LABELS.ar).row([1, 2, 3])).toEqual([3, 2, 1]);
  });

  it('should break a long Arabic text into lines in reading order, each right-aligned and unwrapped', () => {
    const sut = pdfFormatter(REPORT_LABELS.ar).text('الأرقام الرئيسية للموسم', 12);
    expect(sut).toEqual({ stack: [{ text: ['الأرقام'], alignment: 'right', noWrap: true }, { text: ['الرئيسية'], alignment: 'right', noWrap: true }, { text: ['للموسم'], alignment: 'right', noWrap: true }] });
  });

  it('should format numbers in the language and changes with a sign', () => {
    expect(pdfFormatter(REPORT_LABELS.en).cell(-2.5, true)).toMatchObject({ text: '-2.5 %', alignment: 'right' });
    expect(pdfFormatter(REPORT_LABELS.fr).cell(1234)).toMatchObject({ text: '1\u202f234' });
  });
});
