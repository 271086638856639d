import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { Transactions } from '../../database/transactions.js';
import { nextHourStart, PEAK_LOOKAHEAD_HOURS } from '@marhaba/shared';
import { CasesService } from '../cases/cases.service.js';
import { EditionsService } from '../editions/editions.service.js';
import { ForecastService } from '../forecast/forecast.service.js';
import { SitesService } from '../sites/sites.service.js';
import { TrafficService } from '../traffic/traffic.service.js';
import { AlertsService, type ExpectedHours } from './alerts.service.js';

/** Runs the time-based alert rules every ALERT_SWEEP_MS; a failed sweep (database away) is retried at the next tick. */
@Injectable()
export class AlertsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly alerts: AlertsService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    private readonly forecasts: ForecastService,
    private readonly sites: SitesService,
    private readonly editions: EditionsService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask('alert sweep', config.alertSweepMs, () => this.sweep(new Date()));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  tick(): Promise<void> {
    return this.task.tick();
  }

  /**
   * Traffic surges that end with time, silent sites, expected peaks (against the latest forecast and the
   * thresholds as they are now) and cases left open too long, in one transaction.
   */
  async sweep(now: Date): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.alerts.tryLockSweep(tx))) return;
      await this.traffic.evaluateSurges(tx, now, null);
      await this.alerts.evaluateSilence(tx, await this.traffic.silenceFigures(tx, now, this.config.siteSilentMinutes));
      await this.alerts.evaluatePeaks(tx, await this.expectedHours(now));
      const flagged = await this.alerts.flaggedUnattendedCaseIds(tx);
      const window = this.alerts.unattendedWindow(now, await this.editions.list());
      await this.alerts.flagUnattended(tx, await this.cases.findUntakenIn(tx, window, flagged));
    });
  }

  /** Each active site's forecast people (both directions, as the surge rule counts) for its coming hours. */
  private async expectedHours(now: Date): Promise<ExpectedHours[]> {
    const from = nextHourStart(now);
    const sites = (await this.sites.list()).filter((s) => s.active);
    return Promise.all(
      sites.map(async (site) => {
        const forecast = await this.forecasts.latestHours(site.id, from, PEAK_LOOKAHEAD_HOURS);
        const hours = (forecast?.hours ?? []).map((h) => ({ start: h.start, expectedPeople: h.arrivals.expected + h.departures.expected }));
        return { siteId: site.id, threshold: site.hourlyThresholdPeople, hours };
      }),
    );
  }
}
