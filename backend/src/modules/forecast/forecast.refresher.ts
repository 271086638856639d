import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { ForecastService } from './forecast.service.js';

/** Refits the forecasts at start and every FORECAST_REFIT_MS; a failed refit (database away) is retried at the next tick. */
@Injectable()
export class ForecastRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(forecasts: ForecastService, @Inject(APP_CONFIG) config: AppConfig) {
    this.task = new PeriodicTask('forecast refit', config.forecastRefitMs, () => forecasts.refit(new Date()));
  }

  /** The first refit is awaited: a server that takes requests has forecasts to answer them (unless another instance is computing them). */
  async onApplicationBootstrap(): Promise<void> {
    this.task.start();
    await this.task.tick();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** A refit now, or the one in progress. */
  tick(): Promise<void> {
    return this.task.tick();
  }
}
