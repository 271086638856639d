import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, SiteKind, SiteNames } from '@marhaba/shared';

@Entity('sites')
@Check('CHK_sites_kind', `"kind" IN ('port', 'airport', 'land_border', 'rest_area')`)
@Check('CHK_sites_channel', `"channel" IN ('sea', 'air')`)
@Check('CHK_sites_holding', `"holding_capacity_vehicles" IS NULL OR "holding_capacity_vehicles" > 0`)
@Check('CHK_sites_threshold', `"hourly_threshold_people" > 0`)
@Check('CHK_sites_names', `"names" IS NULL OR jsonb_typeof("names") = 'object'`)
export class SiteEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sites' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Names in fr/ar/en; null until known (the API then answers `name` in every language). */
  @Column({ type: 'jsonb', nullable: true })
  names!: SiteNames | null;

  @Column({ type: 'text' })
  kind!: SiteKind;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'character', length: 2 })
  country!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lon!: number;

  @Column({ name: 'holding_capacity_vehicles', type: 'integer', nullable: true })
  holdingCapacityVehicles!: number | null;

  @Column({ name: 'hourly_threshold_people', type: 'integer' })
  hourlyThresholdPeople!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
