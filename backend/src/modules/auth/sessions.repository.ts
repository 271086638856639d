import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LiveSession } from './session-cache.js';
import type { UserRecord } from './users.repository.js';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(session: { id: string; userId: string; refreshHash: Buffer; ttlSeconds: number }): Promise<void> {
    await this.dataSource.query(`INSERT INTO sessions (id, user_id, refresh_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`, [
      session.id,
      session.userId,
      session.refreshHash,
      session.ttlSeconds,
    ]);
  }

  /** A session that may still be used (not revoked, not over, its user still active), with its user and end; else null. */
  async findLive(sessionId: string): Promise<LiveSession | null> {
    const rows: { userId: string; endsAt: Date }[] = await this.dataSource.query(
      `SELECT s.user_id AS "userId", s.expires_at AS "endsAt" FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionId],
    );
    const [row] = rows;
    return row ? { userId: row.userId, endsAt: row.endsAt.getTime() } : null;
  }

  /** Which of these sessions may still be used (the rule of findLive), in one query for all of an instance's sockets. */
  async findLiveIds(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The live session a refresh token belongs to, with its user as stored now. */
  async findLiveByRefreshHash(refreshHash: Buffer): Promise<{ sessionId: string; user: Omit<UserRecord, 'passwordHash'> } | null> {
    const rows: { sessionId: string; id: string; username: string; role: UserRecord['role']; active: boolean; siteIds: string[] }[] = await this.dataSource.query(
      `SELECT s.id AS "sessionId", u.id, u.username, u.role, u.active,
              coalesce(array_agg(us.site_id ORDER BY us.site_id) FILTER (WHERE us.site_id IS NOT NULL), '{}') AS "siteIds"
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN user_sites us ON us.user_id = u.id
        WHERE s.refresh_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
        GROUP BY s.id, u.id`,
      [refreshHash],
    );
    const [row] = rows;
    return row ? { sessionId: row.sessionId, user: { id: row.id, username: row.username, role: row.role, active: row.active, siteIds: row.siteIds } } : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
  }

  /** Revokes every session of a user, in the caller's transaction when given one. */
  async revokeAllOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }

  /** Removes up to `limit` sessions that ended (revoked or over) before `before`: nothing refers to them any more. */
  async deleteBatchEndedBefore(before: Date, limit: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE coalesce(revoked_at, expires_at) < $1 LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return n;
  }
}
