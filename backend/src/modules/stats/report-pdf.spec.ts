import { describe, expect, it } from '@jest/globals';
import { rtlRuns } from './report-pdf.js';

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
