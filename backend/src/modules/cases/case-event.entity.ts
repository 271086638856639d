import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CaseStatus } from '@marhaba/shared';
import { CaseEntity } from './case.entity.js';
import { UserEntity } from '../auth/user.entity.js';

/** The history of a case: who changed what, when. `change_id` makes a retried change harmless. */
@Entity('case_events')
@Unique('UQ_case_events_change', ['changeId'])
@Index('IDX_case_events_case', ['caseId', 'at'])
@Check('CHK_case_events_action', `"action" IN ('created', 'updated')`)
export class CaseEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_case_events' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_events_case' })
  case?: CaseEntity;

  @Column({ name: 'change_id', type: 'uuid', nullable: true })
  changeId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_case_events_user' })
  actor?: UserEntity;

  @Column({ type: 'text' })
  action!: 'created' | 'updated';

  @Column({ name: 'status_from', type: 'text', nullable: true })
  statusFrom!: CaseStatus | null;

  @Column({ name: 'status_to', type: 'text', nullable: true })
  statusTo!: CaseStatus | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
