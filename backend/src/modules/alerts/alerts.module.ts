import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { AlertsSweeper } from './alerts.sweeper.js';

@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertsSweeper],
  exports: [AlertsService, AlertsRepository, AlertsSweeper],
})
export class AlertsModule {}
