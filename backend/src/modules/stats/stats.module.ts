import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { StatsController } from './stats.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

@Module({
  imports: [SitesModule, EditionsModule],
  controllers: [StatsController],
  providers: [StatsService, StatsRepository],
})
export class StatsModule {}
