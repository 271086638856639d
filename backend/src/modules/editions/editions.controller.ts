import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { editionSchema, editionUpdateSchema, seasonParamsSchema, type AuthUser, type Edition, type EditionUpdate } from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { openApiSchema } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { EditionsService } from './editions.service.js';

@ApiTags('editions')
@ApiBearerAuth()
@Controller('editions')
export class EditionsController {
  constructor(private readonly editions: EditionsService) {}

  /** Every edition and its sites (any role: the console and the tablets offer the sites of the edition in progress). */
  @Get()
  list(): Promise<Edition[]> {
    return this.editions.list();
  }

  @Post()
  @Allow('manageEditions')
  @ApiBody({ schema: openApiSchema(editionSchema) })
  create(@CurrentUser() admin: AuthUser, @Body(new ZodPipe(editionSchema)) body: Edition): Promise<Edition> {
    return this.editions.create(admin, body);
  }

  @Patch(':year')
  @Allow('manageEditions')
  @ApiBody({ schema: openApiSchema(editionUpdateSchema) })
  update(@CurrentUser() admin: AuthUser, @Param(new ZodPipe(seasonParamsSchema)) params: { year: number }, @Body(new ZodPipe(editionUpdateSchema)) body: EditionUpdate): Promise<Edition> {
    return this.editions.update(admin, params.year, body);
  }
}
