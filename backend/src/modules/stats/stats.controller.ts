import { Controller, Get, Ip, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  seasonExportParamsSchema,
  seasonExportQuerySchema,
  seasonParamsSchema,
  seasonStatsQuerySchema,
  type AuthUser,
  type ExportFormat,
  type SeasonExportQuery,
  type SeasonStats,
  type SeasonStatsQuery,
} from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { ZodPipe } from '../../common/zod.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** End-of-season statistics of an edition (DESIGN.md), optionally for local days `from`..`to` and one site. */
  @Get('season/:year')
  @Allow('readSeasonStats')
  season(@Param(new ZodPipe(seasonParamsSchema)) params: { year: number }, @Query(new ZodPipe(seasonStatsQuerySchema)) query: SeasonStatsQuery): Promise<SeasonStats> {
    return this.stats.season(params.year, query);
  }

  /** The same figures as CSV, XLSX or a printable PDF; `lang` = fr (default), ar or en. */
  @Get('season/:year/export.:format')
  @Allow('readSeasonStats')
  async export(
    @CurrentUser() user: AuthUser,
    @Ip() address: string,
    @Param(new ZodPipe(seasonExportParamsSchema)) params: { year: number; format: ExportFormat },
    @Query(new ZodPipe(seasonExportQuerySchema)) query: SeasonExportQuery,
  ): Promise<StreamableFile> {
    const file = await this.stats.export(user, address, params.year, params.format, query);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }
}
