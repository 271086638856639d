import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { ForecastService } from './forecast.service.js';

/**
 * Refits the forecasts every FORECAST_REFIT_MS (the first one is started by the app factory, once the reference
 * sites are loaded); a failed refit (database away) is retried at the next tick, and refits never overlap.
 */
@Injectable()
export class ForecastRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    private readonly forecasts: ForecastService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.task = new PeriodicTask('forecast refit', config.forecastRefitMs, () => forecasts.refit(new Date()));
  }

  /**
   * Starts the first refit without waiting for it: it takes seconds (fitting every site), and a restarted
   * server answers from the forecasts its previous run stored.
   */
  startFirstRefit(): void {
    this.forecasts.untilFirstRefit(this.task.tick());
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  /**
   * Stops the timer without waiting for a refit in progress: it takes seconds, up to past the shutdown timeout on
   * a busy machine. The pool's own shutdown, which comes after this one, ends its fit; an abandoned refit stores
   * every site or none, its one upsert being its last statement.
   */
  onApplicationShutdown(): void {
    void this.task.stop();
  }
}
