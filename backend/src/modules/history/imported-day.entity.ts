import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CaseCategory, Direction } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

/** A past edition's people and vehicles of one day, site and direction, imported from a spreadsheet. */
@Entity('imported_traffic_days')
@Index('IDX_imported_traffic_days_day_site', ['day', 'siteId'])
@Check('CHK_imported_traffic_days_direction', `"direction" IN ('arrival', 'departure')`)
@Check('CHK_imported_traffic_days_counts', `"people" >= 0 AND "vehicles" >= 0`)
export class ImportedTrafficDayEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_imported_traffic_days' })
  edition!: number;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_imported_traffic_days' })
  day!: string;

  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_imported_traffic_days' })
  siteId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_imported_traffic_days' })
  direction!: Direction;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_imported_traffic_days_site' })
  site?: SiteEntity;

  @Column({ type: 'integer' })
  people!: number;

  @Column({ type: 'integer' })
  vehicles!: number;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}

/** A past edition's assistance cases (and those escalated) of one day, site and category, imported. */
@Entity('imported_case_days')
@Index('IDX_imported_case_days_day_site', ['day', 'siteId'])
@Check('CHK_imported_case_days_category', `"category" IN ('information', 'administrative', 'customs', 'medical', 'transport')`)
@Check('CHK_imported_case_days_counts', `"cases" >= 0 AND "escalated" >= 0 AND "escalated" <= "cases"`)
export class ImportedCaseDayEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_imported_case_days' })
  edition!: number;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_imported_case_days' })
  day!: string;

  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_imported_case_days' })
  siteId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_imported_case_days' })
  category!: CaseCategory;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_imported_case_days_site' })
  site?: SiteEntity;

  @Column({ type: 'integer' })
  cases!: number;

  @Column({ type: 'integer' })
  escalated!: number;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}
