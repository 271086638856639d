import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SiteEntity } from '../sites/site.entity.js';
import { UserEntity } from '../auth/user.entity.js';

/** Vehicles waiting in a holding area, as reported from the site. The latest report is the current occupancy. */
@Entity('holding_reports')
@Index('IDX_holding_reports_site_reported', ['siteId', 'reportedAt'])
@Check('CHK_holding_reports_counts', `"vehicles_waiting" >= 0 AND ("estimated_wait_minutes" IS NULL OR "estimated_wait_minutes" >= 0)`)
export class HoldingReportEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_holding_reports' })
  id!: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_holding_reports_site' })
  site?: SiteEntity;

  @Column({ name: 'vehicles_waiting', type: 'integer' })
  vehiclesWaiting!: number;

  @Column({ name: 'estimated_wait_minutes', type: 'integer', nullable: true })
  estimatedWaitMinutes!: number | null;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'FK_holding_reports_user' })
  recorder?: UserEntity;
}
