import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Direction, Mode } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

/**
 * Sums of movements per site, direction and mode; kept in the transaction that inserts the movements.
 * TypeORM wants the primary key's name on every key column, hence one base class per table.
 */
function trafficRollup(primaryKeyConstraintName: string) {
  abstract class TrafficRollup {
    @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName })
    siteId!: string;

    @PrimaryColumn({ type: 'text', primaryKeyConstraintName })
    direction!: Direction;

    @PrimaryColumn({ type: 'text', primaryKeyConstraintName })
    mode!: Mode;

    @Column({ type: 'integer' })
    movements!: number;

    @Column({ type: 'bigint' })
    people!: string;

    @Column({ type: 'bigint' })
    vehicles!: string;
  }
  return TrafficRollup;
}

/** Five-minute buckets: today's hours and the last hour on the live console. */
@Entity('traffic_buckets')
@Index('IDX_traffic_buckets_bucket', ['bucket'])
export class TrafficBucketEntity extends trafficRollup('PK_traffic_buckets') {
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'PK_traffic_buckets' })
  bucket!: Date;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_traffic_buckets_site' })
  site?: SiteEntity;
}

/** Local days in Africa/Casablanca: season statistics. */
@Entity('traffic_days')
@Index('IDX_traffic_days_day', ['day'])
export class TrafficDayEntity extends trafficRollup('PK_traffic_days') {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_traffic_days' })
  day!: string;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_traffic_days_site' })
  site?: SiteEntity;
}

/** The hours (UTC hour starts, which are Casablanca's too) in which a site reported: reporting completeness. */
@Entity('traffic_hours')
@Index('IDX_traffic_hours_hour', ['hour'])
export class TrafficHourEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_traffic_hours' })
  siteId!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'PK_traffic_hours' })
  hour!: Date;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_traffic_hours_site' })
  site?: SiteEntity;
}
