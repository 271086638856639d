import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SitesModule } from '../sites/sites.module';
import { TrafficController } from './traffic.controller';
import { TrafficRepository } from './traffic.repository';
import { TrafficService } from './traffic.service';

@Module({
  imports: [SitesModule, AlertsModule],
  controllers: [TrafficController],
  providers: [TrafficService, TrafficRepository],
  exports: [TrafficService],
})
export class TrafficModule {}
