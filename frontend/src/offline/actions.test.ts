import { describe, expect, it } from 'vitest';
import { toRecord } from './outbox-record';
import { countAction, informationInquiry, newId } from './actions';

describe('actions made on the tablet', () => {
  it('should count a vehicle with its people, and no vehicle on foot or by plane', () => {
    expect(countAction('tanger-med', 'arrival', 'bus', 48).body).toMatchObject({ mode: 'bus', people: 48, vehicles: 1 });
    expect(countAction('tanger-med', 'departure', 'foot', 3).body).toMatchObject({ people: 3, vehicles: 0 });
    expect(countAction('rabat-sale', 'arrival', 'plane', 180).body).toMatchObject({ people: 180, vehicles: 0 });
  });

  it('should log an information inquiry as a case resolved at once, both valid for the outbox', () => {
    const [created, resolved] = informationInquiry('tanger-med');
    expect(created.body).toMatchObject({ category: 'information', priority: 'normal' });
    expect(resolved).toMatchObject({ caseId: created.body.id, body: { version: 1, status: 'resolved' } });
    expect(() => [created, resolved].map((a) => toRecord(a, new Date()))).not.toThrow();
  });

  it('should make version 4 UUIDs without crypto.randomUUID', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, newId));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
