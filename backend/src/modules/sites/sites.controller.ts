import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { siteIdSchema, siteSchema, siteUpdateSchema, type SiteInput, type SiteUpdate, type SiteView } from '@marhaba/shared';
import { Allow } from '../../common/auth.decorators.js';
import { openApiSchema } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { SitesService } from './sites.service.js';

@ApiTags('sites')
@ApiBearerAuth()
@Controller()
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get('sites')
  list(): Promise<SiteView[]> {
    return this.sites.list();
  }

  @Get('sites/:id')
  get(@Param('id', new ZodPipe(siteIdSchema)) id: string): Promise<SiteView> {
    return this.sites.get(id);
  }

  @Post('sites')
  @Allow('manageSites')
  @ApiBody({ schema: openApiSchema(siteSchema) })
  create(@Body(new ZodPipe(siteSchema)) body: SiteInput): Promise<SiteView> {
    return this.sites.create(body);
  }

  @Patch('sites/:id')
  @Allow('manageSites')
  @ApiBody({ schema: openApiSchema(siteUpdateSchema) })
  update(@Param('id', new ZodPipe(siteIdSchema)) id: string, @Body(new ZodPipe(siteUpdateSchema)) body: SiteUpdate): Promise<SiteView> {
    return this.sites.update(id, body);
  }
}
