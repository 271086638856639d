import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { auditQuerySchema } from './audit.js';
import { caseBatchSchema, caseChangeBatchSchema, caseCreateSchema, caseListQuerySchema, casePatchSchema, editionSchema, editionUpdateSchema, loginSchema, movementBatchSchema, plainMovementBatch, utcInstantMs, workingEdition, workingSites } from './schemas.js';

const movement = () => ({
  id: randomUUID(),
  siteId: 'tanger-med',
  direction: 'arrival',
  mode: 'car',
  people: 4,
  vehicles: 1,
  occurredAt: '2024-07-15T10:00:00+01:00',
});

describe('caseBatchSchema', () => {
  const newCase = () => ({ id: randomUUID(), siteId: 'nador', category: 'medical', priority: 'high', openedAt: '2024-07-15T10:00:00+01:00' });

  it('should name the index and field of a bad item, and of an id repeated within the batch', () => {
    const sut = caseBatchSchema;
    const c = newCase();
    expect(sut.safeParse({ cases: [c, { ...newCase(), subcategory: 'passport' }] }).error?.issues[0].path).toEqual(['cases', 1, 'subcategory']);
    expect(sut.safeParse({ cases: [c, { ...c }] }).error?.issues[0].path).toEqual(['cases', 1, 'id']);
  });

  it('should take 1 to 500 cases', () => {
    const sut = caseBatchSchema;
    expect([0, 1, 500, 501].map((n) => sut.safeParse({ cases: Array.from({ length: n }, newCase) }).success)).toEqual([false, true, true, false]);
  });
});

describe('caseChangeBatchSchema', () => {
  const change = (changeId: string | undefined) => ({ caseId: randomUUID(), patch: { changeId, version: 1, status: 'in_progress' } });

  it('should want a changeId on every change, each once, and name the change that lacks or repeats it', () => {
    const sut = caseChangeBatchSchema;
    const first = change(randomUUID());
    expect(sut.safeParse({ changes: [first, change(randomUUID())] }).success).toBe(true);
    expect(sut.safeParse({ changes: [first, change(undefined)] }).error?.issues[0].path).toEqual(['changes', 1, 'patch', 'changeId']);
    expect(sut.safeParse({ changes: [first, change(first.patch.changeId)] }).error?.issues[0].path).toEqual(['changes', 1, 'patch', 'changeId']);
    expect(sut.safeParse({ changes: [first, { ...change(randomUUID()), patch: { changeId: randomUUID(), version: 1 } }] }).error?.issues[0].path).toEqual(['changes', 1, 'patch']);
  });
});

describe('movementBatchSchema', () => {
  it('should accept a valid batch', () => {
    expect(movementBatchSchema.safeParse({ movements: [movement()] }).success).toBe(true);
  });

  it('should name the index and field of a bad item', () => {
    const result = movementBatchSchema.safeParse({ movements: [movement(), { ...movement(), people: -1 }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['movements', 1, 'people']);
  });

  it('should reject unknown fields', () => {
    const result = movementBatchSchema.safeParse({ movements: [{ ...movement(), name: 'x' }] });
    expect(result.success).toBe(false);
  });

  it('should reject an id repeated within the batch', () => {
    const m = movement();
    const result = movementBatchSchema.safeParse({ movements: [m, { ...m }] });
    expect(result.error?.issues[0].path).toEqual(['movements', 1, 'id']);
  });

  it('should reject instants in the future and without offset', () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(movementBatchSchema.safeParse({ movements: [{ ...movement(), occurredAt: future }] }).success).toBe(false);
    expect(movementBatchSchema.safeParse({ movements: [{ ...movement(), occurredAt: '2024-07-15T10:00:00' }] }).success).toBe(false);
  });

  it('should hand instants on in UTC, whatever offset they came with (PostgreSQL reads offsets up to ±15:59 only)', () => {
    const result = movementBatchSchema.parse({ movements: [{ ...movement(), occurredAt: '2024-07-15T23:30:00.123456789+20:00' }] });
    expect(result.movements[0].occurredAt).toBe('2024-07-15T03:30:00.123Z');
    const utc = movementBatchSchema.parse({ movements: [{ ...movement(), occurredAt: '2024-07-15T10:00:00Z' }, { ...movement(), occurredAt: '2024-07-15T10:00:00.500Z' }] });
    expect(utc.movements.map((m) => m.occurredAt)).toEqual(['2024-07-15T10:00:00.000Z', '2024-07-15T10:00:00.500Z']);
  });

  it('should refuse instants before 2000, naming the field', () => {
    const result = movementBatchSchema.safeParse({ movements: [{ ...movement(), occurredAt: '1999-12-31T23:59:59.999Z' }] });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['movements.0.occurredAt', 'is before the year 2000']]);
  });

  it('should cap the batch at 1,000 movements', () => {
    const movements = Array.from({ length: 1001 }, movement);
    expect(movementBatchSchema.safeParse({ movements }).success).toBe(false);
  });
});

describe(utcInstantMs.name, () => {
  it('should read the UTC form as Date.parse does, and nothing else', () => {
    const sut = utcInstantMs;
    for (const s of ['2024-07-15T10:00:00.000Z', '2024-02-29T23:59:59.999Z', '2000-01-01T00:00:00.000Z', '2099-12-31T00:00:00.001Z']) expect(sut(s)).toBe(Date.parse(s));
    for (const s of ['2023-02-29T10:00:00.000Z', '2024-04-31T10:00:00.000Z', '2024-07-15T24:00:00.000Z', '2024-07-15T10:60:00.000Z', '2024-13-01T10:00:00.000Z', '2024-07-15T10:00:00Z', '2024-07-15T10:00:00.000+01:00', '2024-07-15 10:00:00.000Z', '2024-07-15T10:00:0a.000Z']) expect(sut(s)).toBeNaN();
  });
});

describe(plainMovementBatch.name, () => {
  const utc = () => ({ ...movement(), occurredAt: '2024-07-15T09:00:00.000Z' });
  const batch = (change: Record<string, unknown> = {}) => ({ movements: [utc(), { ...utc(), ...change }] });

  it('should hand back a plainly valid batch itself, as the schema would parse it', () => {
    const value = batch();
    const sut = plainMovementBatch(value);
    expect(sut).toBe(value);
    expect(movementBatchSchema.parse(value)).toEqual(sut);
  });

  it('should leave to the schema every batch it does not pass, valid or not, and accept nothing the schema refuses', () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const { mode: _mode, ...withoutMode } = movement();
    const variants: unknown[] = [
      null, [], 'x', {}, { movements: [] }, { movements: [movement()], extra: 1 }, { movements: Array.from({ length: 1001 }, movement) },
      { movements: [null] }, { movements: [[]] }, { movements: [withoutMode] }, { movements: [{ ...movement(), name: 'x' }] },
      ...[
        { id: 'not-a-uuid' }, { id: 7 }, { siteId: 'Tanger Med' }, { siteId: 'x' }, { siteId: 'a'.repeat(65) }, { direction: 'north' }, { mode: 'boat' }, { mode: null },
        { people: -1 }, { people: 1.5 }, { people: 10_001 }, { people: '4' }, { vehicles: 5_001 }, { vehicles: Number.NaN },
        { occurredAt: future }, { occurredAt: '1999-12-31T23:59:59.999Z' }, { occurredAt: '2024-02-30T10:00:00.000Z' }, { occurredAt: '2024-07-15T10:00:00' },
        { occurredAt: '2024-07-15T10:00:00+01:00' }, { occurredAt: '2024-07-15T10:00:00Z' }, { occurredAt: Date.now() },
        { people: 10_000, vehicles: 5_000 }, { people: 0, vehicles: 0, mode: 'foot' },
      ].map((change) => batch(change)),
    ];
    const first = utc();
    variants.push({ movements: [first, { ...first }] });
    for (const value of variants) {
      const sut = plainMovementBatch(value);
      if (sut !== null) expect(movementBatchSchema.parse(value)).toEqual(sut);
    }
    const passed = variants.filter((value) => plainMovementBatch(value) !== null).length;
    expect(passed).toBe(2); // the limits themselves, and a foot movement without vehicles
  });
});

describe('caseCreateSchema', () => {
  const base = { id: randomUUID(), siteId: 'nador', category: 'medical', priority: 'critical', openedAt: '2024-07-15T10:00:00Z' };

  it('should accept a subcategory of its category', () => {
    expect(caseCreateSchema.safeParse({ ...base, subcategory: 'first_aid' }).success).toBe(true);
  });

  it('should refuse a subcategory of another category', () => {
    const result = caseCreateSchema.safeParse({ ...base, subcategory: 'vehicle_import' });
    expect(result.error?.issues[0].path).toEqual(['subcategory']);
  });
});

describe('free text', () => {
  it('should refuse the NUL character, which PostgreSQL cannot store, and name the field', () => {
    const result = casePatchSchema.safeParse({ version: 1, note: 'a\u0000b' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['note'], message: 'must not contain the NUL character' });
    expect(loginSchema.safeParse({ username: 'admin\u0000', password: 'x' }).success).toBe(false);
    expect(casePatchSchema.safeParse({ version: 1, note: "'; DROP TABLE cases; -- <script>" }).success).toBe(true);
  });
});

describe('caseListQuerySchema', () => {
  it('should keep date filters between 2000 and 2099, and hand instants on in UTC', () => {
    expect(caseListQuerySchema.safeParse({ from: '0000-01-01' }).success).toBe(false);
    expect(caseListQuerySchema.safeParse({ to: '9999-12-31T23:59:59Z' }).success).toBe(false);
    expect(caseListQuerySchema.parse({ from: '2024-07-15', to: '2024-07-15T10:00:00-23:00' })).toEqual({ from: '2024-07-15', to: '2024-07-16T09:00:00.000Z' });
    expect(auditQuerySchema.parse({ from: '2024-07-15T10:00:00+20:00' })).toEqual({ from: '2024-07-14T14:00:00.000Z' });
    expect(auditQuerySchema.safeParse({ actor: 'admin\u0000' }).success).toBe(false);
  });
  it('should refuse a from after to, naming to, with days inclusive and instants compared exactly', () => {
    const sut = caseListQuerySchema;
    expect(sut.safeParse({ from: '2024-07-16', to: '2024-07-15' }).error?.issues).toMatchObject([{ path: ['to'], message: 'must not be before from' }]);
    expect(sut.safeParse({ from: '2024-07-15T10:00:01Z', to: '2024-07-15T10:00:00Z' }).success).toBe(false);
    expect(sut.safeParse({ from: '2024-07-15', to: '2024-07-15' }).success).toBe(true);
    expect(sut.safeParse({ from: '2024-07-15T10:00:00Z', to: '2024-07-15T10:00:00Z' }).success).toBe(true);
    // The local day 15 July (Casablanca, UTC+1) ends at 23:00 UTC: an instant at 22:30 UTC is still in it.
    expect(sut.safeParse({ from: '2024-07-15T22:30:00Z', to: '2024-07-15' }).success).toBe(true);
    expect(sut.safeParse({ from: '2024-07-15T23:30:00Z', to: '2024-07-15' }).success).toBe(false);
  });
  it('should answer out-of-range bounds with their own fields, never throw comparing them (found by the fuzzer)', () => {
    const issues = caseListQuerySchema.safeParse({ from: '0000-02-01T00:00:00+10:00', to: '0004-02-29' }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['from', 'to']));
    expect(issues.some((i) => i.message === 'must not be before from')).toBe(false);
  });
});

describe('editionSchema', () => {
  const paths = (value: unknown, sut = editionSchema) => {
    const r = sut.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('should accept an edition with dates in its year and distinct sites', () => {
    expect(paths({ year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15', siteIds: ['tanger-med', 'dakhla'] })).toEqual([]);
  });

  it('should name each bad field', () => {
    expect(paths({ year: 2025, startsOn: '2024-06-05', endsOn: '2025-02-30', siteIds: ['tanger-med', 'tanger-med'] }).sort()).toEqual(['endsOn', 'siteIds.1', 'startsOn']);
    expect(paths({ year: 2100, startsOn: '2100-06-05', endsOn: '2100-06-01', siteIds: [] })).toContain('year');
    expect(paths({ year: 2025, startsOn: '2025-09-05', endsOn: '2025-06-01', siteIds: ['a1'] })).toEqual(['endsOn']);
  });

  it('should refuse an empty change', () => {
    expect(paths({}, editionUpdateSchema as never)).toEqual(['']);
  });
});

describe(workingEdition.name, () => {
  it('should choose the edition in progress, else the latest', () => {
    const sut = workingEdition;
    const editions = [{ year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15' }, { year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15' }];
    expect(sut(editions, '2024-07-01')?.year).toBe(2024);
    expect(sut(editions, '2026-01-01')?.year).toBe(2025);
    expect(sut([], '2026-01-01')).toBeNull();
  });
});

describe(workingSites.name, () => {
  it('should offer the active sites of the working edition', () => {
    const sut = workingSites;
    const sites = [{ id: 'tanger-med', active: true }, { id: 'dakhla', active: true }, { id: 'motril', active: false }];
    const editions = [{ year: 2024, startsOn: '2024-06-05', endsOn: '2024-09-15', siteIds: ['tanger-med', 'motril'] }, { year: 2025, startsOn: '2025-06-05', endsOn: '2025-09-15', siteIds: ['tanger-med', 'dakhla', 'motril'] }];
    expect(sut(sites, editions, '2024-07-01').map((s) => s.id)).toEqual(['tanger-med']);
    expect(sut(sites, editions, '2026-01-01').map((s) => s.id)).toEqual(['tanger-med', 'dakhla']);
    expect(sut(sites, [], '2026-01-01').map((s) => s.id)).toEqual(['tanger-med', 'dakhla']);
  });
});

