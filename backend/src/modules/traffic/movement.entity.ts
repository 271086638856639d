import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Direction, Mode } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';
import { UserEntity } from '../auth/user.entity.js';

/** One count as a tablet makes it; the client's UUID is the key that makes resending harmless. */
@Entity('movements')
@Index('IDX_movements_site_occurred', ['siteId', 'occurredAt'])
@Check('CHK_movements_direction', `"direction" IN ('arrival', 'departure')`)
@Check('CHK_movements_mode', `"mode" IN ('car', 'bus', 'minibus', 'motorcycle', 'foot', 'plane')`)
@Check('CHK_movements_counts', `"people" >= 0 AND "vehicles" >= 0`)
export class MovementEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_movements' })
  id!: string;

  @Column({ name: 'site_id', type: 'text' })
  siteId!: string;

  // The parents are checked once per statement by triggers, not by foreign keys (migration 1765600000000).
  @ManyToOne(() => SiteEntity, { nullable: false, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'site_id' })
  site?: SiteEntity;

  @Column({ type: 'text' })
  direction!: Direction;

  @Column({ type: 'text' })
  mode!: Mode;

  @Column({ type: 'integer' })
  people!: number;

  @Column({ type: 'integer' })
  vehicles!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @ManyToOne(() => UserEntity, { nullable: false, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: UserEntity;
}
