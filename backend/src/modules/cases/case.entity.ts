import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CaseCategory, CaseStatus, Priority } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';
import { UserEntity } from '../auth/user.entity.js';

/** An assistance case. No traveller names or document numbers: only a profile and a short summary. */
@Entity('cases')
@Index('IDX_cases_opened', ['openedAt', 'id'])
@Index('IDX_cases_site_status', ['siteId', 'status'])
@Index('IDX_cases_not_anonymised', ['openedAt'], { where: '"anonymised_at" IS NULL' })
@Check('CHK_cases_category', `"category" IN ('information', 'administrative', 'customs', 'medical', 'transport')`)
@Check('CHK_cases_priority', `"priority" IN ('low', 'normal', 'high', 'critical')`)
@Check('CHK_cases_status', `"status" IN ('open', 'in_progress', 'escalated', 'resolved')`)
@Check('CHK_cases_summary', `char_length("summary") <= 500`)
export class CaseEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_cases' })
  id!: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_cases_site' })
  site?: SiteEntity;

  @Column({ type: 'text' })
  category!: CaseCategory;

  @Column({ type: 'text', nullable: true })
  subcategory!: string | null;

  @Column({ type: 'text' })
  priority!: Priority;

  @Column({ type: 'text', default: 'open' })
  status!: CaseStatus;

  @Column({ type: 'jsonb', nullable: true })
  beneficiary!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_cases_user' })
  creator?: UserEntity;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by the retention sweep when it cleared the case's personal fields (summary, beneficiary, assignee). */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;
}
