import { z } from 'zod';
import { AUDIT_KINDS, type AuditKind, type Role } from './enums.js';
import { siteIdSchema } from './schemas.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset' });

/** Query of `GET /api/audit` (admin): newest first, `cursor` is the `nextCursor` of the previous page. */
export const auditQuerySchema = z
  .strictObject({
    kind: z.enum(AUDIT_KINDS).optional(),
    /** The actor's username, or the username attempted in a failed sign-in. */
    actor: z.string().min(1).max(64).optional(),
    siteId: siteIdSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
    cursor: z.string().regex(/^[1-9]\d{0,17}$/, 'not a cursor from this list').optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), { message: 'must not be before from', path: ['to'] });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEntry {
  id: string;
  at: string;
  kind: AuditKind;
  actorId: string | null;
  /** The actor's username; for a failed sign-in, the one attempted. */
  username: string | null;
  role: Role | null;
  /** Client address (HTTP: as Express's `trust proxy` resolves it; socket: the handshake's). */
  address: string | null;
  siteId: string | null;
  caseId: string | null;
  /** Occurrences merged into this row: identical refusals within one flush of the buffer. */
  count: number;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}
