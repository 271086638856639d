import { describe, expect, it } from '@jest/globals';
import { checkRows, jsonSheets, readHeader } from './import-rows.js';
import { readImportFile } from './import-files.js';

const ctx = { startsOn: '2024-06-05', endsOn: '2024-09-15', siteIds: new Set(['tanger-med', 'nador']) };

describe(checkRows.name, () => {
  it('should accept good rows as figures, keeping their row numbers', () => {
    const sut = checkRows(jsonSheets({ traffic: [{ date: '2024-06-05', siteId: 'nador', direction: 'arrival', people: '12', vehicles: 3 }] }), ctx);
    expect(sut).toEqual({ traffic: [{ row: 1, date: '2024-06-05', siteId: 'nador', direction: 'arrival', people: 12, vehicles: 3 }], assistance: [], errors: [] });
  });

  it('should name each bad cell with its reason, and every row of the input', () => {
    const sut = checkRows(
      jsonSheets({
        assistance: [
          { date: '2024-06-04', siteId: 'nador', category: 'medical', cases: 1, escalated: 0 },
          { date: '2024-06-05', siteId: 'oz', category: 'magic', cases: '1e3', escalated: '' },
          { date: '2024-06-05', siteId: 'nador', category: 'medical', cases: 1, escalated: 2, colour: 'red' },
        ],
      }),
      ctx,
    );
    expect(sut.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [1, 'date', 'outside_edition'],
      [2, 'siteId', 'unknown_site'],
      [2, 'category', 'unknown_category'],
      [2, 'cases', 'not_a_count'],
      [2, 'escalated', 'required'],
      [3, 'colour', 'unknown_column'],
    ]);
    expect(sut.assistance).toEqual([]);
  });

  it('should refuse a second row with the same date, site and direction', () => {
    const row = { date: '2024-06-05', siteId: 'nador', direction: 'arrival', people: 1, vehicles: 0 };
    const sut = checkRows(jsonSheets({ traffic: [row, { ...row, people: 2 }] }), ctx);
    expect(sut.errors).toEqual([expect.objectContaining({ row: 2, column: null, reason: 'duplicate_row', message: expect.stringContaining('row 1') })]);
  });
});

describe(readHeader.name, () => {
  it('should tell the kind of rows from the header, whatever the case and spaces of its names', () => {
    const sut = readHeader([' Date', 'SITEID', 'category', 'cases', 'escalated ']);
    expect(sut).toEqual({ kind: 'assistance', columns: ['date', 'siteId', 'category', 'cases', 'escalated'], errors: [] });
  });
});

describe(readImportFile.name, () => {
  it('should number CSV rows as the lines a user sees, the header being 1, skipping blank lines', async () => {
    const sut = await readImportFile(Buffer.from('\uFEFFdate,siteId,direction,people,vehicles\n2024-06-05,nador,arrival,1,0\n\n2024-06-06,nador,arrival,2,0\n'));
    expect(sut.format).toBe('csv');
    expect(sut.sheet.rows.map((r) => [r.row, r.values.people])).toEqual([[2, '1'], [4, '2']]);
  });

  it('should answer a file that is not CSV as an unreadable file, not a crash', async () => {
    const sut = await readImportFile(Buffer.from('a,"b\n'));
    expect(sut.sheet.errors).toEqual([expect.objectContaining({ row: 1, reason: 'unreadable_file' })]);
  });
});
