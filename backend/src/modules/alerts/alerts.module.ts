import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertsSweeper } from './alerts.sweeper';

@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertsSweeper],
  exports: [AlertsService, AlertsRepository, AlertsSweeper],
})
export class AlertsModule {}
