import { Body, Controller, HttpCode, Param, PipeTransform, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  holdingReportSchema,
  movementBatchSchema,
  plainMovementBatch,
  siteIdSchema,
  type AuthUser,
  type HoldingReportInput,
  type HoldingState,
  type MovementBatch,
  type MovementsResult,
} from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { openApiSchema } from '../../common/openapi.js';
import { parseOrThrow, ZodPipe } from '../../common/zod.js';
import { TrafficService } from './traffic.service.js';

/**
 * The contract's movement batch: tablets' batches pass the one-pass check (a third of a 500-movement
 * request's time went to zod's per-field walk and copies); anything else gets the schema and its 400.
 */
class MovementBatchPipe implements PipeTransform<unknown, MovementBatch> {
  transform(value: unknown): MovementBatch {
    return plainMovementBatch(value) ?? parseOrThrow(movementBatchSchema, value ?? {});
  }
}

@ApiTags('traffic')
@ApiBearerAuth()
@Controller()
export class TrafficController {
  constructor(private readonly traffic: TrafficService) {}

  @Post('movements')
  @HttpCode(200)
  @Allow('recordMovements')
  @ApiBody({ schema: openApiSchema(movementBatchSchema) })
  record(@CurrentUser() user: AuthUser, @Body(new MovementBatchPipe()) batch: MovementBatch): Promise<MovementsResult> {
    return this.traffic.recordMovements(user, batch);
  }

  @Post('holding-areas/:siteId/reports')
  @Allow('reportHolding')
  @ApiBody({ schema: openApiSchema(holdingReportSchema) })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('siteId', new ZodPipe(siteIdSchema)) siteId: string,
    @Body(new ZodPipe(holdingReportSchema)) body: HoldingReportInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HoldingState & { duplicate: boolean }> {
    const { holding, duplicate } = await this.traffic.recordHoldingReport(user, siteId, body);
    res.status(duplicate ? 200 : 201);
    return { ...holding, duplicate };
  }
}
