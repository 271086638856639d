import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { ForecastService } from './forecast.service.js';

/**
 * Refits the forecasts every FORECAST_REFIT_MS (the first one is the app factory's, once the reference sites
 * are loaded); a failed refit (database away) is retried at the next tick, and refits never overlap.
 */
@Injectable()
export class ForecastRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(forecasts: ForecastService, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new PeriodicTask('forecast refit', config.forecastRefitMs, () => forecasts.refit(new Date()));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
