import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { HistoryModule } from '../history/history.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { TrafficController } from './traffic.controller.js';
import { TrafficRepository } from './traffic.repository.js';
import { TrafficService } from './traffic.service.js';

@Module({
  imports: [SitesModule, AlertsModule, HistoryModule],
  controllers: [TrafficController],
  providers: [TrafficService, TrafficRepository],
  exports: [TrafficService],
})
export class TrafficModule {}
