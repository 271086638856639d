import { Check, Column, Entity, JoinColumn, JoinTable, ManyToMany, PrimaryColumn, Unique } from 'typeorm';
import type { Role } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

@Entity('users')
@Unique('UQ_users_username', ['username'])
@Check('CHK_users_role', `"role" IN ('assistant', 'coordinator', 'supervisor', 'admin')`)
export class UserEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()', primaryKeyConstraintName: 'PK_users' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The sites an assistant works at; empty for the other roles, who see every site. */
  @ManyToMany(() => SiteEntity)
  @JoinTable({
    name: 'user_sites',
    joinColumn: { name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'FK_user_sites_user' },
    inverseJoinColumn: { name: 'site_id', referencedColumnName: 'id', foreignKeyConstraintName: 'FK_user_sites_site' },
  })
  @JoinColumn()
  sites!: SiteEntity[];
}
