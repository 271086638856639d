import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { liveTodayQuerySchema, type AuthUser, type LiveSnapshot, type LiveTodayQuery, type MapConfig, type TodayDetail } from '@marhaba/shared';
import { CurrentUser } from '../../common/auth.decorators.js';
import { ApiParametersFrom } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { LiveService } from './live.service.js';

@ApiTags('live')
@ApiBearerAuth()
@Controller('live')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  /** Every role; an assistant sees its own sites only. */
  @Get('snapshot')
  snapshot(@CurrentUser() user: AuthUser): Promise<LiveSnapshot> {
    return this.live.snapshot(user);
  }

  /** Today hour by hour and by mode, bus staging at the rest areas, and the same day of the previous edition. */
  @Get('today')
  @ApiParametersFrom('query', liveTodayQuerySchema)
  today(@CurrentUser() user: AuthUser, @Query(new ZodPipe(liveTodayQuerySchema)) query: LiveTodayQuery): Promise<TodayDetail> {
    return this.live.today(user, query);
  }

  /** The console's basemap: tiles from TILE_URL, or the offline country shapes when unset. */
  @Get('map-config')
  mapConfig(): MapConfig {
    return this.live.mapConfig();
  }
}
