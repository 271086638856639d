import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SiteEntity } from '../sites/site.entity.js';

/** The last sequence number given to a live event of a site. */
@Entity('live_sequences')
export class LiveSequenceEntity {
  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_live_sequences' })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_live_sequences_site' })
  site?: SiteEntity;

  @Column({ type: 'bigint' })
  seq!: string;
}
