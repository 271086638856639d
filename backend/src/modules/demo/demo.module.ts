import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { HistoryModule } from '../history/history.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { DemoService } from './demo.service.js';
import { DemoSimulator } from './demo.simulator.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { CasesModule } from '../cases/cases.module.js';

@Module({
  imports: [SitesModule, EditionsModule, TrafficModule, CasesModule, HistoryModule],
  providers: [DemoService, DemoSimulator],
  exports: [DemoService],
})
export class DemoModule {}
