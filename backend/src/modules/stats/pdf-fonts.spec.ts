import { describe, expect, it, jest } from '@jest/globals';
import pdfmake from 'pdfmake';
import { pdfRenderer } from './pdf-fonts.js';

describe(pdfRenderer.name, () => {
  it('should set pdfmake up once, however often a report asks for it', () => {
    const setFonts = jest.spyOn(pdfmake, 'setFonts');
    const sut = pdfRenderer();
    expect(pdfRenderer()).toBe(sut);
    expect(setFonts).toHaveBeenCalledTimes(1);
  });
});
