import { Module } from '@nestjs/common';
import { Sequences } from '../../realtime/sequences.js';
import { AlertsModule } from '../alerts/alerts.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { LiveController } from './live.controller.js';
import { LiveService } from './live.service.js';

@Module({
  imports: [SitesModule, TrafficModule, CasesModule, AlertsModule],
  controllers: [LiveController],
  providers: [LiveService, Sequences],
  exports: [LiveService, Sequences],
})
export class LiveModule {}
