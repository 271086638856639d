import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Role } from '@marhaba/shared';
import { SiteEntity } from '../sites/site.entity.js';

@Entity('users')
@Unique('UQ_users_username', ['username'])
@Check('CHK_users_role', `"role" IN ('assistant', 'coordinator', 'supervisor', 'admin')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_users' })
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
}

/** The sites an assistant works at; none for the other roles, who see every site. */
@Entity('user_sites')
export class UserSiteEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_user_sites' })
  userId!: string;

  @PrimaryColumn({ name: 'site_id', type: 'text', primaryKeyConstraintName: 'PK_user_sites' })
  siteId!: string;

  @ManyToOne(() => UserEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_sites_user' })
  user?: UserEntity;

  @ManyToOne(() => SiteEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_user_sites_site' })
  site?: SiteEntity;
}
