import { Module } from '@nestjs/common';
import { CasesModule } from '../modules/cases/cases.module.js';
import { LiveModule } from '../modules/live/live.module.js';
import { SitesModule } from '../modules/sites/sites.module.js';
import { TrafficModule } from '../modules/traffic/traffic.module.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [LiveModule, TrafficModule, CasesModule, SitesModule],
  providers: [LiveGateway],
})
export class RealtimeModule {}
