import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { forecastQuerySchema, type AuthUser, type Forecast, type ForecastQuery } from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { ApiParametersFrom } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { ForecastService } from './forecast.service.js';

@ApiTags('forecast')
@ApiBearerAuth()
@Controller('forecast')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  /** People expected in each of the next `hours` local hours at a site, or over the crossings without `siteId` (DESIGN.md). */
  @Get()
  @Allow('readForecast')
  @ApiParametersFrom('query', forecastQuerySchema)
  forecast(@CurrentUser() user: AuthUser, @Query(new ZodPipe(forecastQuerySchema)) query: ForecastQuery): Promise<Forecast> {
    return this.forecasts.forecast(user, query);
  }
}
