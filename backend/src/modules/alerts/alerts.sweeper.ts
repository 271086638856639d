import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { AlertsService } from './alerts.service.js';

/** Runs the time-based alert rules every ALERT_SWEEP_MS; a failed sweep (database away) is retried at the next tick. */
@Injectable()
export class AlertsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(alerts: AlertsService, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new PeriodicTask('alert sweep', config.alertSweepMs, () => alerts.sweep(new Date()));
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
}
