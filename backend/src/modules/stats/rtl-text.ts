import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import type { Content } from 'pdfmake/interfaces.js';
import type { ReportLabels } from './report-labels.js';
import type { Cell } from './report-content.js';

// bidi-js is a CommonJS module whose module.exports is the factory (its typings say `default`).
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

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

/** Texts, numbers and rows as pdfmake content in the report's language, laid out right to left in Arabic. */
export function pdfFormatter(L: ReportLabels) {
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
