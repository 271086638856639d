import { MODES_WITHOUT_VEHICLES, type CaseCreate, type CaseStatus, type Direction, type Mode } from '@marhaba/shared';
import type { OutboxAction } from './outbox-record';
import type { SiteCase } from './projection';

/** A random (version 4) UUID, also where `crypto.randomUUID` is missing (a page served over plain HTTP on a local network). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One tap: one vehicle and its people (a group on foot, a plane's passengers: no vehicle of their own). */
export function countAction(siteId: string, direction: Direction, mode: Mode, people: number, now = new Date()): OutboxAction & { kind: 'movement' } {
  const vehicles = MODES_WITHOUT_VEHICLES.includes(mode) ? 0 : 1;
  return { kind: 'movement', body: { id: newId(), siteId, direction, mode, people, vehicles, occurredAt: now.toISOString() } };
}

/** A change of status of a case, against the version the tablet knows (`SiteCase.version` counts waiting changes). */
export function caseChange(c: Pick<SiteCase, 'id' | 'siteId' | 'version'>, status: CaseStatus): Extract<OutboxAction, { kind: 'case-change' }> {
  return { kind: 'case-change', caseId: c.id, siteId: c.siteId, body: { changeId: newId(), version: c.version, status } };
}

export function caseAction(body: Omit<CaseCreate, 'id' | 'openedAt'>, now = new Date()): OutboxAction & { kind: 'case' } {
  return { kind: 'case', body: { ...body, id: newId(), openedAt: now.toISOString() } };
}

/**
 * The most common case: a question answered on the spot. It is logged and resolved at once, so that
 * the day's tens of thousands of inquiries never sit as open cases (nor raise "unattended" alerts).
 */
export function informationInquiry(siteId: string, now = new Date()): [Extract<OutboxAction, { kind: 'case' }>, Extract<OutboxAction, { kind: 'case-change' }>] {
  const created = caseAction({ siteId, category: 'information', priority: 'normal' }, now);
  return [created, caseChange({ id: created.body.id, siteId, version: 1 }, 'resolved')];
}

export function holdingReportAction(siteId: string, vehiclesWaiting: number, estimatedWaitMinutes: number | undefined, now = new Date()): OutboxAction {
  return { kind: 'holding-report', siteId, body: { id: newId(), vehiclesWaiting, estimatedWaitMinutes, reportedAt: now.toISOString() } };
}
