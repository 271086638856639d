import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module.js';
import { ForecastService } from './forecast.service.js';

@Module({
  imports: [SitesModule],
  providers: [ForecastService],
  exports: [ForecastService],
})
export class ForecastModule {}
