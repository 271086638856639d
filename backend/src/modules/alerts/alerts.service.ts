import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { expectedPeak, holdingLevel, isOpenCase, isSilent, normalPeople, surgeLevel, type AlertLevel, type AlertView, type AuthUser, type CaseView, type Edition } from '@marhaba/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Transactions, type Tx } from '../../database/transactions.js';
import { assertSiteAccess, visibleSiteIds } from '../../common/site-scope.js';
import { AlertKey, AlertsRepository } from './alerts.repository.js';
import { isCriticalMedical, unattendedWindow } from './alert-rules.js';

/** People counted at a site in the last hour, and its hourly threshold. */
export interface LastHourPeople {
  siteId: string;
  people: number;
  threshold: number;
}

/** What a site sent in the silence window, and the people it saw in the same window of previous days. */
export interface SilenceFigures {
  siteId: string;
  movements: number;
  sameWindowPreviousDays: number[];
}

/** A site's forecast people (both directions) for its coming hours, and its hourly threshold. */
export interface ExpectedHours {
  siteId: string;
  threshold: number;
  hours: { start: string; expectedPeople: number }[];
}

/** A case still open since before the unattended cutoff. */
export interface UnattendedCase {
  id: string;
  siteId: string;
  openedAt: Date | string;
  category: string;
}

/**
 * Alert rules run on committed data: inside the transaction that changes the data (holding reports,
 * movements, cases), and in a periodic sweep (AlertsSweeper) for conditions that time alone changes.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async evaluateHolding(tx: Tx, siteId: string, vehiclesWaiting: number, capacityVehicles: number): Promise<void> {
    const level = holdingLevel(vehiclesWaiting, capacityVehicles);
    await this.apply(tx, { rule: 'holding_capacity', siteId, subject: 'holding_capacity' }, level, { vehiclesWaiting, capacityVehicles });
  }

  /**
   * Compares the last hour's people at each site with its threshold (the traffic module reads them). With `endSilenceAt` (sites data just arrived from), their silence is also over: the open silences are
   * read with the surges, so that a batch meeting none (nearly every one) runs no clearing statement.
   */
  async evaluateTraffic(tx: Tx, lastHour: LastHourPeople[], endSilenceAt: string[] = []): Promise<void> {
    const found = await this.alerts.findActive(tx.manager, 'traffic_surge', ...(endSilenceAt.length > 0 ? (['site_silent'] as const) : []));
    const active = new Map(found.filter((a) => a.rule === 'traffic_surge').map((a) => [a.siteId, a.level]));
    const silent = new Set(found.filter((a) => a.rule === 'site_silent').map((a) => a.siteId));
    const ending = endSilenceAt.filter((siteId) => silent.has(siteId));
    if (ending.length > 0) await this.endSilence(tx, ending);
    for (const f of lastHour) {
      const level = surgeLevel(f.people, f.threshold);
      // Most batches change nothing: skip the write unless the level does.
      if (level === (active.get(f.siteId) ?? null)) continue;
      await this.apply(tx, { rule: 'traffic_surge', siteId: f.siteId, subject: 'traffic_surge' }, level, {
        peopleLastHour: f.people,
        hourlyThresholdPeople: f.threshold,
      });
    }
  }

  /** `site_silent`: a site normally busy in the window that sent nothing in it (figures from the traffic module). */
  async evaluateSilence(tx: Tx, figures: SilenceFigures[]): Promise<void> {
    const active = new Set((await this.alerts.findActive(tx.manager, 'site_silent')).map((a) => a.siteId));
    for (const f of figures) {
      const expectedPeople = normalPeople(f.sameWindowPreviousDays);
      const silent = isSilent(f.movements, expectedPeople);
      if (silent === active.has(f.siteId)) continue;
      await this.apply(tx, { rule: 'site_silent', siteId: f.siteId, subject: 'site_silent' }, silent ? 'warning' : null, {
        expectedPeople: Math.round(expectedPeople),
        minutes: this.config.siteSilentMinutes,
      });
    }
  }

  /** Data arrived from these sites: their silence is over (in the transaction that stores it). */
  async endSilence(tx: Tx, siteIds: string[]): Promise<void> {
    for (const alert of await this.alerts.clearAtSites(tx.manager, 'site_silent', siteIds)) tx.publish({ name: 'alert.changed', payload: alert });
  }

  /**
   * `peak_expected`: the coming hours of each site's latest forecast against its threshold (the forecast
   * module reads them). The alert follows the forecast: its hour and figure move with each refit, and it
   * clears when no coming hour crosses the threshold any more (a passed hour is no longer a coming one).
   */
  async evaluatePeaks(tx: Tx, sites: ExpectedHours[]): Promise<void> {
    const active = new Set((await this.alerts.findActive(tx.manager, 'peak_expected')).map((a) => a.siteId));
    for (const s of sites) {
      const peak = expectedPeak(s.hours, s.threshold);
      if (!peak && !active.has(s.siteId)) continue;
      const key: AlertKey = { rule: 'peak_expected', siteId: s.siteId, subject: 'peak_expected' };
      const alert = peak
        ? await this.alerts.raise(tx.manager, key, peak.level, { hour: peak.hour, expectedPeople: peak.expectedPeople, hourlyThresholdPeople: s.threshold }, true)
        : await this.alerts.clear(tx.manager, key);
      if (alert) tx.publish({ name: 'alert.changed', payload: alert });
    }
  }

  /** Called in the transaction that creates or changes a case. */
  async evaluateCase(tx: Tx, c: CaseView): Promise<void> {
    if (isCriticalMedical(c)) {
      const stillCritical = isOpenCase(c.status);
      await this.apply(tx, { rule: 'critical_medical', siteId: c.siteId, subject: c.id }, stillCritical ? 'critical' : null, {
        caseId: c.id,
        subcategory: c.subcategory,
      });
    }
    if (c.status !== 'open') await this.apply(tx, { rule: 'case_unattended', siteId: c.siteId, subject: c.id }, null, {});
  }

  /** Sweeps are done by one instance at a time; the others skip (false). */
  tryLockSweep(tx: Tx): Promise<boolean> {
    return this.alerts.tryLockSweep(tx.manager);
  }

  /** Still-open cases opened in this window are unattended (recent ones of the edition in progress). */
  unattendedWindow(now: Date, editions: readonly Edition[]): { openedFrom: Date; openedBefore: Date } {
    return unattendedWindow(now, this.config.caseUnattendedMinutes, editions);
  }

  /** The cases that already have an active unattended alert. */
  async flaggedUnattendedCaseIds(tx: Tx): Promise<string[]> {
    return (await this.alerts.findActive(tx.manager, 'case_unattended')).map((a) => a.subject);
  }

  /** Raises an unattended alert for each of these cases (read by the cases module). */
  async flagUnattended(tx: Tx, cases: UnattendedCase[]): Promise<void> {
    for (const c of cases) {
      await this.apply(tx, { rule: 'case_unattended', siteId: c.siteId, subject: c.id }, 'warning', {
        caseId: c.id,
        category: c.category,
        openedAt: new Date(c.openedAt).toISOString(),
      });
    }
  }

  list(user: AuthUser, query: { active?: 'true' | 'false'; siteId?: string }): Promise<AlertView[]> {
    if (query.siteId) assertSiteAccess(user, query.siteId);
    const siteIds = query.siteId ? [query.siteId] : visibleSiteIds(user);
    const active = query.active === undefined ? null : query.active === 'true';
    return this.alerts.list({ active, siteIds, limit: 500 });
  }

  /** The active alerts of these sites (all when null), for the live snapshot. */
  active(siteIds: string[] | null): Promise<AlertView[]> {
    return this.alerts.list({ active: true, siteIds, limit: 500 });
  }

  async acknowledge(user: AuthUser, id: string): Promise<AlertView> {
    const existing = await this.alerts.findById(id);
    if (!existing) throw new NotFoundException(`unknown alert ${id}`);
    assertSiteAccess(user, existing.siteId);
    const changed = await this.transactions.run(async (tx) => {
      const alert = await this.alerts.acknowledge(tx.manager, id, user.id);
      if (alert) tx.publish({ name: 'alert.changed', payload: alert });
      return alert;
    });
    return changed ?? existing;
  }

  private async apply(tx: Tx, key: AlertKey, level: AlertLevel | null, details: AlertView['details']): Promise<void> {
    const alert = level ? await this.alerts.raise(tx.manager, key, level, details) : await this.alerts.clear(tx.manager, key);
    if (alert) tx.publish({ name: 'alert.changed', payload: alert });
  }
}
