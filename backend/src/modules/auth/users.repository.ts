import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@marhaba/shared';

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
    const rows: UserRecord[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.password_hash AS "passwordHash", u.role, u.active,
              coalesce(array_agg(us.site_id ORDER BY us.site_id) FILTER (WHERE us.site_id IS NOT NULL), '{}') AS "siteIds"
         FROM users u LEFT JOIN user_sites us ON us.user_id = u.id
        WHERE u.username = $1
        GROUP BY u.id`,
      [username],
    );
    return rows[0] ?? null;
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
      await m.query('DELETE FROM user_sites WHERE user_id = $1', [id]);
      if (user.siteIds.length > 0) {
        await m.query('INSERT INTO user_sites (user_id, site_id) SELECT $1, unnest($2::text[])', [id, user.siteIds]);
      }
    });
  }
}
