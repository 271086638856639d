import { BadRequestException, Body, Controller, HttpCode, Ip, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { importBodySchema, importQuerySchema, type AuthUser, type ImportQuery, type ImportResult } from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { ApiParametersFrom, openApiSchema } from '../../common/openapi.js';
import { invalidField, parseOrThrow, ZodPipe } from '../../common/zod.js';
import { HistoryService } from './history.service.js';
import { readImportFile } from './import-files.js';
import { jsonSheets } from './import-rows.js';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly history: HistoryService) {}

  /** A past edition's daily figures per site, from a CSV or XLSX upload (field `file`) or JSON (DESIGN.md). */
  @Post()
  @HttpCode(200)
  @Allow('importHistory')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiParametersFrom('query', importQuerySchema.partial())
  @ApiBody({ schema: openApiSchema(importBodySchema) })
  async import(
    @CurrentUser() user: AuthUser,
    @Ip() address: string,
    @Query(new ZodPipe(importQuerySchema.partial())) query: Partial<ImportQuery>,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Body() body: unknown,
  ): Promise<ImportResult> {
    if (file) {
      if (query.edition === undefined) throw invalidField('edition', 'is required with a file upload');
      const { format, sheet } = await readImportFile(file.buffer);
      return this.history.import(query.edition, [sheet], query.dryRun ?? false, { user, address, source: format });
    }
    const json = parseOrThrow(importBodySchema, body ?? {});
    const edition = query.edition ?? json.edition;
    if (edition === undefined) throw invalidField('edition', 'is required (query or body)');
    if (query.edition !== undefined && json.edition !== undefined && json.edition !== query.edition) throw invalidField('edition', 'differs between the query and the body');
    if (!json.traffic && !json.assistance) throw new BadRequestException({ message: 'a file (field file) or traffic or assistance rows are required', details: [{ path: 'file', message: 'required' }] });
    return this.history.import(edition, jsonSheets(json), query.dryRun ?? json.dryRun ?? false, { user, address, source: 'json' });
  }
}
