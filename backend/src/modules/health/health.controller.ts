import { Controller, Get, Query, ServiceUnavailableException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Allow, Public } from '../../common/auth.decorators.js';
import { metricsQuerySchema } from '@marhaba/shared';
import { RedisConnections } from '../../common/redis-connections.js';
import { ApiParametersFrom } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { ProcessMetricsService, type ProcessMetrics } from './process-metrics.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnections,
    private readonly metrics: ProcessMetricsService,
  ) {}

  /** 200 when the database (and Redis, if configured) answer; 503 otherwise (load balancers take the instance out). */
  @Public()
  @Get()
  async health(): Promise<{ status: 'ok'; database: 'up'; redis: 'up' | 'not configured' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('the database does not answer');
    }
    if (!(await this.redis.healthy())) throw new ServiceUnavailableException('Redis does not answer');
    return { status: 'ok', database: 'up', redis: this.redis.fast ? 'up' : 'not configured' };
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
