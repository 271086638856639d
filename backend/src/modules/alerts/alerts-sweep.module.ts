import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { EditionsModule } from '../editions/editions.module.js';
import { ForecastModule } from '../forecast/forecast.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { AlertsModule } from './alerts.module.js';
import { AlertsSweeper } from './alerts.sweeper.js';

/**
 * The time-based alert rules read traffic, cases, sites and forecasts; traffic and cases call the alerts
 * module in their own transactions: the sweep sits above them all, so that none imports another in a cycle.
 */
@Module({
  imports: [AlertsModule, TrafficModule, CasesModule, SitesModule, EditionsModule, ForecastModule],
  providers: [AlertsSweeper],
  exports: [AlertsSweeper],
})
export class AlertsSweepModule {}
