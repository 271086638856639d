import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

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
