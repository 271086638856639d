import { z } from 'zod';
import { caseCreateSchema, casePatchSchema, holdingReportSchema, movementSchema, siteIdSchema } from '@marhaba/shared';

/**
 * What the tablet keeps while it waits to send: one record per action, validated with the contract's
 * schemas before it is stored. Records outlive the app's code (a tablet updated while items wait), so
 * each carries the version of its shape, and `migrateRecord` brings an older one up to date step by step.
 */
export const OUTBOX_RECORD_VERSION = 1;

const recordBase = {
  v: z.literal(OUTBOX_RECORD_VERSION),
  /** The action's own UUID: the movement's, case's or report's id, or a case change's changeId. */
  id: z.uuid(),
  siteId: siteIdSchema,
  queuedAt: z.iso.datetime({ offset: true }),
  /** Failed sending attempts so far (network, server, rate limit). */
  attempts: z.int().min(0),
  lastError: z.string().max(500).optional(),
};

export const outboxRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...recordBase, kind: z.literal('movement'), body: movementSchema }),
  z.strictObject({ ...recordBase, kind: z.literal('case'), body: caseCreateSchema }),
  z.strictObject({ ...recordBase, kind: z.literal('case-change'), caseId: z.uuid(), body: casePatchSchema }),
  z.strictObject({ ...recordBase, kind: z.literal('holding-report'), body: holdingReportSchema }),
]);

export type OutboxRecord = z.infer<typeof outboxRecordSchema>;
export type OutboxKind = OutboxRecord['kind'];
/** A record as stored: IndexedDB adds the queue position. */
export type StoredRecord = OutboxRecord & { seq: number };

/** An action as the app makes it, before the outbox stamps it. */
export type OutboxAction =
  | { kind: 'movement'; body: z.input<typeof movementSchema> }
  | { kind: 'case'; body: z.input<typeof caseCreateSchema> }
  | { kind: 'case-change'; caseId: string; siteId: string; body: z.input<typeof casePatchSchema> }
  | { kind: 'holding-report'; siteId: string; body: z.input<typeof holdingReportSchema> };

/** One step from a record of version `from` to version `from + 1`. */
export interface RecordStep {
  from: number;
  up: (record: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The steps from each earlier version to the next. Empty while version 1 is the only shape; a change of
 * shape bumps OUTBOX_RECORD_VERSION and adds the step that rewrites the previous version here.
 */
export const RECORD_STEPS: readonly RecordStep[] = [];

export class RecordError extends Error {}

/** Brings a stored record to the current version and checks it, or says why it cannot be sent. */
export function migrateRecord(stored: Record<string, unknown>, steps: readonly RecordStep[] = RECORD_STEPS, current = OUTBOX_RECORD_VERSION): Record<string, unknown> {
  let record = stored;
  let version = typeof record.v === 'number' ? record.v : 0;
  if (version > current) throw new RecordError(`stored by a newer version of the app (record version ${version})`);
  while (version < current) {
    const step = steps.find((s) => s.from === version);
    if (!step) throw new RecordError(`no way to update a record of version ${version}`);
    record = { ...step.up(record), v: version + 1 };
    version += 1;
  }
  return record;
}

/** A stored record, migrated and validated; the queue position is kept aside since it is not part of the shape. */
export function readRecord(stored: Record<string, unknown>): StoredRecord {
  const { seq, ...rest } = stored;
  const parsed = outboxRecordSchema.safeParse(migrateRecord(rest));
  if (!parsed.success) throw new RecordError(`unreadable record: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...parsed.data, seq: seq as number };
}

/** The UUID that identifies an action: a case change's changeId, otherwise its body's id. */
export function actionId(action: OutboxAction): string | undefined {
  return action.kind === 'case-change' ? action.body.changeId : action.body.id;
}

/** Stamps and validates an action; throws the zod error that says which field is wrong. */
export function toRecord(action: OutboxAction, now: Date): OutboxRecord {
  const siteId = action.kind === 'movement' || action.kind === 'case' ? action.body.siteId : action.siteId;
  const extra = action.kind === 'case-change' ? { caseId: action.caseId } : {};
  return outboxRecordSchema.parse({ v: OUTBOX_RECORD_VERSION, queuedAt: now.toISOString(), attempts: 0, kind: action.kind, id: actionId(action), siteId, ...extra, body: action.body });
}
