import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { HealthService } from './health.service.js';
import { ProcessMetricsService } from './process-metrics.js';

@Module({ controllers: [HealthController], providers: [HealthService, HealthRepository, ProcessMetricsService] })
export class HealthModule {}
