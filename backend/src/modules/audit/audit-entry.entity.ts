import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditKind, Role } from '@marhaba/shared';

/**
 * The audit log: sign-ins, refused access, case changes and exports. No foreign keys: a row must be
 * writable whatever it names (a forged token's user, a site that does not exist) and outlive what it names.
 * Traveller free text never goes in here (case changes record which fields changed, not summaries or notes).
 */
@Entity('audit_log')
@Index('IDX_audit_log_at', ['at'])
@Index('IDX_audit_log_kind', ['kind', 'id'])
@Index('IDX_audit_log_username', ['username', 'id'])
@Index('IDX_audit_log_site', ['siteId', 'id'])
@Check('CHK_audit_log_kind', `"kind" IN ('sign_in', 'sign_in_failed', 'sign_out', 'access_refused', 'case_created', 'case_updated', 'export', 'account_created', 'account_updated', 'import', 'edition_created', 'edition_updated')`)
@Check('CHK_audit_log_count', `"count" >= 1`)
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_audit_log' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text' })
  kind!: AuditKind;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The actor's username; for a failed sign-in, the one attempted. */
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'text', nullable: true })
  role!: Role | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'site_id', type: 'text', nullable: true })
  siteId!: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  /** Identical refusals buffered within one flush are written as one row with their number. */
  @Column({ type: 'integer', default: 1 })
  count!: number;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
