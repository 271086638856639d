import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SiteEntity } from '../sites/site.entity.js';

/** A season of the operation (2024: 5 June to 15 September), dates in Africa/Casablanca. */
@Entity('editions')
@Check('CHK_editions_dates', `"starts_on" <= "ends_on"`)
export class EditionEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_editions' })
  year!: number;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}

/** The reception sites that take part in an edition: only they count in its statistics. */
@Entity('edition_sites')
@Index('IDX_edition_sites_site', ['siteId'])
export class EditionSiteEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_edition_sites' })
  year!: number;

  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_edition_sites' })
  siteId!: string;

  @ManyToOne(() => EditionEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'year', foreignKeyConstraintName: 'FK_edition_sites_edition' })
  edition?: EditionEntity;

  // A site that took part in a season stays: its figures belong to that season.
  @ManyToOne(() => SiteEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_edition_sites_site' })
  site?: SiteEntity;
}
