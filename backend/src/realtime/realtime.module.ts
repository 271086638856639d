import { Module } from '@nestjs/common';
import { CasesModule } from '../modules/cases/cases.module';
import { LiveModule } from '../modules/live/live.module';
import { SitesModule } from '../modules/sites/sites.module';
import { TrafficModule } from '../modules/traffic/traffic.module';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [LiveModule, TrafficModule, CasesModule, SitesModule],
  providers: [LiveGateway],
})
export class RealtimeModule {}
