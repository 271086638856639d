import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { HistoryModule } from '../history/history.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { ForecastController } from './forecast.controller.js';
import { ForecastPool } from './forecast-pool.js';
import { ForecastRefresher } from './forecast.refresher.js';
import { ForecastRepository } from './forecast.repository.js';
import { ForecastService } from './forecast.service.js';

@Module({
  imports: [SitesModule, EditionsModule, TrafficModule, HistoryModule],
  controllers: [ForecastController],
  providers: [ForecastService, ForecastRepository, ForecastPool, ForecastRefresher],
  exports: [ForecastService],
})
export class ForecastModule {}
