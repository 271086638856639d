import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { caseCreateSchema, movementBatchSchema } from './schemas.js';

const movement = () => ({
  id: randomUUID(),
  siteId: 'tanger-med',
  direction: 'arrival',
  mode: 'car',
  people: 4,
  vehicles: 1,
  occurredAt: '2024-07-15T10:00:00+01:00',
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

  it('should cap the batch at 1,000 movements', () => {
    const movements = Array.from({ length: 1001 }, movement);
    expect(movementBatchSchema.safeParse({ movements }).success).toBe(false);
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
