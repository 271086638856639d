import { Module } from '@nestjs/common';
import { Sequences } from '../../realtime/sequences';
import { AlertsModule } from '../alerts/alerts.module';
import { CasesModule } from '../cases/cases.module';
import { SitesModule } from '../sites/sites.module';
import { TrafficModule } from '../traffic/traffic.module';
import { LiveController } from './live.controller';
import { LiveService } from './live.service';

@Module({
  imports: [SitesModule, TrafficModule, CasesModule, AlertsModule],
  controllers: [LiveController],
  providers: [LiveService, Sequences],
  exports: [LiveService, Sequences],
})
export class LiveModule {}
