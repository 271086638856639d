import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { Transactions } from '../../database/transactions.js';
import { CasesService } from '../cases/cases.service.js';
import { SitesService } from '../sites/sites.service.js';
import { TrafficService } from '../traffic/traffic.service.js';
import { AlertsService } from './alerts.service.js';

/** Runs the time-based alert rules every ALERT_SWEEP_MS; a failed sweep (database away) is retried at the next tick. */
@Injectable()
export class AlertsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly alerts: AlertsService,
    private readonly traffic: TrafficService,
    private readonly cases: CasesService,
    private readonly sites: SitesService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
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

  /** Traffic surges that end with time, and cases left open too long, in one transaction. */
  async sweep(now: Date): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.alerts.tryLockSweep(tx))) return;
      await this.traffic.evaluateSurges(tx, now, null);
      const flagged = await this.alerts.flaggedUnattendedCaseIds(tx);
      const window = this.alerts.unattendedWindow(now, await this.sites.editions());
      await this.alerts.flagUnattended(tx, await this.cases.findUntakenIn(tx, window, flagged));
    });
  }
}
