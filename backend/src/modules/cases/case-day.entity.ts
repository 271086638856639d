import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CaseCategory } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

/** Cases opened and escalated per site, local day of opening and category; kept in the transaction that writes the case. */
@Entity('case_days')
@Index('IDX_case_days_day', ['day'])
@Check('CHK_case_days_category', `"category" IN ('information', 'administrative', 'customs', 'medical', 'transport')`)
@Check('CHK_case_days_counts', `"opened" >= 0 AND "escalated" >= 0 AND "escalated" <= "opened"`)
export class CaseDayEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_case_days' })
  siteId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_case_days' })
  day!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_case_days' })
  category!: CaseCategory;

  @ManyToOne(() => SiteEntity, { nullable: false })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_case_days_site' })
  site?: SiteEntity;

  @Column({ type: 'integer' })
  opened!: number;

  @Column({ type: 'integer' })
  escalated!: number;
}
