import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  caseBatchSchema,
  caseChangeBatchSchema,
  caseCreateSchema,
  caseListQuerySchema,
  casePatchSchema,
  type AuthUser,
  type CaseBatch,
  type CaseBatchResult,
  type CaseChangeBatch,
  type CaseChangeBatchResult,
  type CaseCreate,
  type CaseHistoryEntry,
  type CaseListQuery,
  type CasePatch,
  type CaseView,
} from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { ApiParametersFrom, openApiSchema } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Allow('writeCases')
  @ApiBody({ schema: openApiSchema(caseCreateSchema) })
  async create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodPipe(caseCreateSchema)) body: CaseCreate,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView & { duplicate: boolean }> {
    const result = await this.cases.create(user, body);
    res.status(result.duplicate ? 200 : 201);
    return { ...result.case, duplicate: result.duplicate };
  }

  /** A tablet's outbox flushing its queued cases in one request: all stored (new or duplicate) or none. */
  @Post('batch')
  @HttpCode(200)
  @Allow('writeCases')
  @ApiBody({ schema: openApiSchema(caseBatchSchema) })
  createBatch(@CurrentUser() user: AuthUser, @Body(new ZodPipe(caseBatchSchema)) batch: CaseBatch): Promise<CaseBatchResult> {
    return this.cases.createBatch(user, batch);
  }

  /** Queued changes in one request, in order: all applied (or recognised as retries by `changeId`) or none. */
  @Post('changes')
  @HttpCode(200)
  @Allow('writeCases')
  @ApiBody({ schema: openApiSchema(caseChangeBatchSchema) })
  updateBatch(@CurrentUser() user: AuthUser, @Body(new ZodPipe(caseChangeBatchSchema)) batch: CaseChangeBatch): Promise<CaseChangeBatchResult> {
    return this.cases.updateBatch(user, batch);
  }

  @Patch(':id')
  @Allow('writeCases')
  @ApiBody({ schema: openApiSchema(casePatchSchema) })
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodPipe(casePatchSchema)) body: CasePatch): Promise<CaseView> {
    return this.cases.update(user, id, body);
  }

  @Get()
  @ApiParametersFrom('query', caseListQuerySchema)
  list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(caseListQuerySchema)) query: CaseListQuery): Promise<{ items: CaseView[]; nextCursor: string | null }> {
    return this.cases.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<CaseView & { history: CaseHistoryEntry[] }> {
    return this.cases.get(user, id);
  }
}
