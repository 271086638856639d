import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ALERT_RULES, type AlertLevel, type AlertRule } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';
import { UserEntity } from '../auth/user.entity.js';

/** A threshold alert. Active while `cleared_at` is null; at most one active per rule, site and subject. */
@Entity('alerts')
@Index('UQ_alerts_active', ['rule', 'siteId', 'subject'], { unique: true, where: '"cleared_at" IS NULL' })
@Check('CHK_alerts_rule', `"rule" IN (${ALERT_RULES.map((r) => `'${r}'`).join(', ')})`)
@Check('CHK_alerts_level', `"level" IN ('warning', 'critical')`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alerts' })
  id!: string;

  @Column({ type: 'text' })
  rule!: AlertRule;

  @Column({ type: 'text' })
  level!: AlertLevel;

  @Column({ name: 'site_id', type: 'text' })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_alerts_site' })
  site?: SiteEntity;

  /** What the alert is about within the site: a case id, or the rule's name for site-wide rules. */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, number | string | null>;

  @Column({ name: 'raised_at', type: 'timestamptz', default: () => 'now()' })
  raisedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'FK_alerts_user' })
  acknowledger?: UserEntity | null;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt!: Date | null;
}
