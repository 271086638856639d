import { Injectable, NotFoundException } from '@nestjs/common';
import { countsTowardsTotals, nextHourStart, type AuthUser, type Forecast, type ForecastHour, type ForecastQuery } from '@marhaba/shared';
import { assertSiteAccess } from '../../common/site-scope.js';
import { SitesService } from '../sites/sites.service.js';

/** A site's stored forecast from a given hour: the model that produced it and one entry per hour. */
export interface StoredForecastHours {
  method: string;
  hours: ForecastHour[];
}

/**
 * Forecasts of the coming hours per site (issue 12). Requests and the alert rules only read the latest
 * stored forecast (table `forecasts`, shared by every instance); fitting happens on a schedule, elsewhere.
 */
@Injectable()
export class ForecastService {
  constructor(private readonly sites: SitesService) {}

  /**
   * `GET /api/forecast`: the next `query.hours` local hours of a site, or (without `siteId`) the sum over the
   * crossings (`countsTowardsTotals`). Unknown site → 404; another site for an assistant → 403.
   */
  async forecast(user: AuthUser, query: ForecastQuery, now = new Date()): Promise<Forecast> {
    if (query.siteId !== undefined) {
      assertSiteAccess(user, query.siteId);
      await this.sites.get(query.siteId);
    }
    const from = nextHourStart(now);
    const stored =
      query.siteId !== undefined
        ? await this.latestHours(query.siteId, from, query.hours)
        : await this.totalHours((await this.sites.list()).filter((s) => s.active && countsTowardsTotals(s)).map((s) => s.id), from, query.hours);
    if (!stored) throw new NotFoundException('no forecast yet');
    return { generatedAt: now.toISOString(), siteId: query.siteId ?? null, method: stored.method, hours: stored.hours };
  }

  /**
   * The latest stored forecast of one site for `hours` hours from `from` (a whole hour), or null when there
   * is none covering them yet. What the `peak_expected` rule reads at each sweep.
   */
  // eslint-disable-next-line @typescript-eslint/require-await
  async latestHours(siteId: string, from: Date, hours: number): Promise<StoredForecastHours | null> {
    void siteId;
    void from;
    void hours;
    return null;
  }

  /** The sum of several sites' stored forecasts (intervals added as quantiles, a conservative width). */
  // eslint-disable-next-line @typescript-eslint/require-await
  private async totalHours(siteIds: string[], from: Date, hours: number): Promise<StoredForecastHours | null> {
    void siteIds;
    void from;
    void hours;
    return null;
  }
}
