import type { Direction, Mode } from '@marhaba/shared';
import { Outbox } from './outbox';
import type { OutboxAction } from './outbox-record';

/** A database of its own in the in-memory IndexedDB (installed by vitest.setup.ts), that outboxes open again as a reloaded tab would. */
export function memoryIndexedDb() {
  const name = `outbox-test-${crypto.randomUUID()}`;
  return { open: (now?: () => Date) => Outbox.open(name, {}, now) };
}

export const SITE = 'tanger-med';

export function movement(overrides: { direction?: Direction; mode?: Mode; people?: number; vehicles?: number; siteId?: string } = {}): Extract<OutboxAction, { kind: 'movement' }> {
  return {
    kind: 'movement',
    body: { id: crypto.randomUUID(), siteId: SITE, direction: 'arrival', mode: 'car', people: 4, vehicles: 1, occurredAt: new Date().toISOString(), ...overrides },
  };
}

export function newCase(): Extract<OutboxAction, { kind: 'case' }> {
  return { kind: 'case', body: { id: crypto.randomUUID(), siteId: SITE, category: 'customs', priority: 'normal', openedAt: new Date().toISOString() } };
}
