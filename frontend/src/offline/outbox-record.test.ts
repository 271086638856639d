import { describe, expect, it } from 'vitest';
import { migrateRecord, readRecord, RecordError, toRecord } from './outbox-record';
import { movement } from './test-support';

describe(migrateRecord.name, () => {
  // A made-up history of three shapes: v1 had `site`, v2 renamed it `siteId`, v3 added `attempts`.
  const steps = [
    { from: 1, up: ({ site, ...rest }: Record<string, unknown>) => ({ ...rest, siteId: site }) },
    { from: 2, up: (r: Record<string, unknown>) => ({ ...r, attempts: 0 }) },
  ];

  it('should bring an old record up to date one step at a time', () => {
    expect(migrateRecord({ v: 1, id: 'x', site: 'nador' }, steps, 3)).toEqual({ v: 3, id: 'x', siteId: 'nador', attempts: 0 });
    expect(migrateRecord({ v: 2, id: 'x', siteId: 'nador' }, steps, 3)).toEqual({ v: 3, id: 'x', siteId: 'nador', attempts: 0 });
  });

  it('should refuse a record from a newer app or with no way up', () => {
    expect(() => migrateRecord({ v: 4 }, steps, 3)).toThrow(RecordError);
    expect(() => migrateRecord({ v: 0 }, steps, 3)).toThrow(/no way to update/);
  });

  it('should read back what it stored, and refuse a record that no longer matches the contract', () => {
    const record = toRecord(movement(), new Date());
    expect(readRecord({ ...record, seq: 7 })).toEqual({ ...record, seq: 7 });
    expect(() => readRecord({ ...record, seq: 7, body: { ...record.body, mode: 'horse' } })).toThrow(/body\.mode/);
  });
});
