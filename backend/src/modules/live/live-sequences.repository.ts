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

  /**
   * Takes `count` more numbers for each site, in one statement (sorted, so concurrent callers lock in
   * the same order); returns the last number taken per site.
   */
  async take(counts: Map<string, number>): Promise<Map<string, number>> {
    const ids = [...counts.keys()].sort();
    const rows: { siteId: string; seq: string }[] = await this.dataSource.query(
      `INSERT INTO live_sequences AS s (site_id, seq)
       SELECT id, n FROM unnest($1::text[], $2::int[]) AS t(id, n) ORDER BY id
       ON CONFLICT (site_id) DO UPDATE SET seq = s.seq + excluded.seq
       RETURNING site_id AS "siteId", seq`,
      [ids, ids.map((id) => counts.get(id))],
    );
    return new Map(rows.map((r) => [r.siteId, Number(r.seq)]));
  }

  async current(): Promise<Record<string, number>> {
    const rows: { siteId: string; seq: string }[] = await this.dataSource.query('SELECT site_id AS "siteId", seq FROM live_sequences');
    return Object.fromEntries(rows.map((r) => [r.siteId, Number(r.seq)]));
  }
}
