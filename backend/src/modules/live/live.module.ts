import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { EditionsModule } from '../editions/editions.module.js';
import { HistoryModule } from '../history/history.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { LiveController } from './live.controller.js';
import { LiveSequencesRepository } from './live-sequences.repository.js';
import { LiveService } from './live.service.js';

@Module({
  imports: [SitesModule, EditionsModule, TrafficModule, CasesModule, AlertsModule, HistoryModule],
  controllers: [LiveController],
  providers: [LiveService, LiveSequencesRepository],
  exports: [LiveService],
})
export class LiveModule {}
