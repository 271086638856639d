import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Per-site sequence numbers of the live stream, kept in PostgreSQL so that every instance draws from
 * the same counters: a client connected to any instance sees one gap-free series per site.
 */
@Injectable()
export class LiveSequencesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the next number of each site, in one statement (sorted, so concurrent callers lock in the same order). */
  async next(siteIds: string[]): Promise<Map<string, number>> {
    const rows: { siteId: string; seq: string }[] = await this.dataSource.query(
      `INSERT INTO live_sequences AS s (site_id, seq)
       SELECT id, 1 FROM unnest($1::text[]) AS id ORDER BY id
       ON CONFLICT (site_id) DO UPDATE SET seq = s.seq + 1
       RETURNING site_id AS "siteId", seq`,
      [[...new Set(siteIds)]],
    );
    return new Map(rows.map((r) => [r.siteId, Number(r.seq)]));
  }

  async current(): Promise<Record<string, number>> {
    const rows: { siteId: string; seq: string }[] = await this.dataSource.query('SELECT site_id AS "siteId", seq FROM live_sequences');
    return Object.fromEntries(rows.map((r) => [r.siteId, Number(r.seq)]));
  }
}
