import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ForecastFigure } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

/** One stored hour of a site's forecast (its start is `startsAt` plus its index in `hours`). */
export interface StoredHour {
  arrivals: ForecastFigure;
  departures: ForecastFigure;
}

/** The latest forecast of each site, written by the refit (one instance at a time), read by every instance. */
@Entity('forecasts')
@Check('CHK_forecasts_hours', `jsonb_typeof("hours") = 'array'`)
export class ForecastEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_forecasts' })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_forecasts_site' })
  site?: SiteEntity;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt!: Date;

  @Column({ type: 'text' })
  method!: string;

  /** Start of the first hour forecast: the next whole hour at the refit. */
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'jsonb' })
  hours!: StoredHour[];
}
