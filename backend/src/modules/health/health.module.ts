import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ProcessMetricsService } from './process-metrics.js';

@Module({ controllers: [HealthController], providers: [ProcessMetricsService] })
export class HealthModule {}
