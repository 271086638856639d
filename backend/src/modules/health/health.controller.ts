import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Public } from '../../common/auth.decorators.js';
import { metricsQuerySchema } from '@marhaba/shared';
import { ApiParametersFrom } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { HealthService, type Health, type Readiness } from './health.service.js';
import { ProcessMetricsService, type ProcessMetrics } from './process-metrics.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: HealthService,
    private readonly metrics: ProcessMetricsService,
  ) {}

  /** 200 when the database (and Redis, if configured) answer; 503 otherwise (load balancers take the instance out). */
  @Public()
  @Get()
  health(): Promise<Health> {
    return this.checks.check();
  }

  /** Liveness: the process answers (restart it when this fails); touches neither PostgreSQL nor Redis. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 while PostgreSQL answers, with Redis reported (`degraded` when it is away); 503 otherwise. */
  @Public()
  @Get('ready')
  ready(): Promise<Readiness> {
    return this.checks.readiness();
  }

  /** This instance's event-loop delay and memory; `?reset=true` starts a new window. */
  @Get('metrics')
  @Allow('readMetrics')
  @ApiBearerAuth()
  @ApiParametersFrom('query', metricsQuerySchema)
  processMetrics(@Query(new ZodPipe(metricsQuerySchema)) query: { reset?: 'true' | 'false' }): ProcessMetrics {
    return this.metrics.read(query.reset === 'true');
  }
}
