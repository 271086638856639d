import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role, UserView } from '@marhaba/shared';

const SITES_OF_USER = `coalesce(array_agg(us.site_id ORDER BY us.site_id) FILTER (WHERE us.site_id IS NOT NULL), '{}') AS "siteIds"`;

export interface UserChanges {
  passwordHash?: string;
  role?: Role;
  siteIds?: string[];
  active?: boolean;
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  active: boolean;
  siteIds: string[];
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByUsername(username: string): Promise<UserRecord | null> {
    return (await this.findByUsernames([username]))[0] ?? null;
  }

  /** The accounts of these usernames that exist, in one query (the demo's users at every start). */
  findByUsernames(usernames: readonly string[]): Promise<UserRecord[]> {
    return this.dataSource.query(
      `SELECT u.id, u.username, u.password_hash AS "passwordHash", u.role, u.active,
              ${SITES_OF_USER}
         FROM users u LEFT JOIN user_sites us ON us.user_id = u.id
        WHERE u.username = ANY($1::text[])
        GROUP BY u.id`,
      [usernames],
    );
  }

  /** Creates or updates a user and replaces its sites, in one transaction. */
  async upsert(user: { username: string; passwordHash: string; role: Role; siteIds: string[] }): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [{ id }] = await m.query(
        `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, active = true
         RETURNING id`,
        [user.username, user.passwordHash, user.role],
      );
      await this.replaceSites(m, id, user.siteIds);
    });
  }

  async list(): Promise<UserView[]> {
    return this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.active, u.created_at AS "createdAt", ${SITES_OF_USER}
         FROM users u LEFT JOIN user_sites us ON us.user_id = u.id
        GROUP BY u.id ORDER BY u.username`,
    );
  }

  async findById(id: string): Promise<UserView | null> {
    const rows: UserView[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.active, u.created_at AS "createdAt", ${SITES_OF_USER}
         FROM users u LEFT JOIN user_sites us ON us.user_id = u.id
        WHERE u.id = $1 GROUP BY u.id`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Creates a user with its sites in the caller's transaction; null when the username is taken. */
  async insert(m: EntityManager, user: { username: string; passwordHash: string; role: Role; siteIds: string[] }): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.role],
    );
    if (rows.length === 0) return null;
    await this.replaceSites(m, rows[0].id, user.siteIds);
    return rows[0].id;
  }

  /** Applies changes in the caller's transaction; false when the user does not exist. */
  async update(m: EntityManager, id: string, changes: UserChanges): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `UPDATE users SET password_hash = coalesce($2, password_hash), role = coalesce($3, role), active = coalesce($4, active)
        WHERE id = $1 RETURNING id`,
      [id, changes.passwordHash ?? null, changes.role ?? null, changes.active ?? null],
    );
    if (rows.length === 0) return false;
    if (changes.siteIds) await this.replaceSites(m, id, changes.siteIds);
    return true;
  }

  private async replaceSites(m: EntityManager, userId: string, siteIds: string[]): Promise<void> {
    await m.query('DELETE FROM user_sites WHERE user_id = $1', [userId]);
    if (siteIds.length > 0) await m.query('INSERT INTO user_sites (user_id, site_id) SELECT $1, unnest($2::text[])', [userId, siteIds]);
  }
}
