import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { alertListQuerySchema, type AlertView, type AuthUser } from '@marhaba/shared';
import { Allow, CurrentUser } from '../../common/auth.decorators.js';
import { ApiParametersFrom } from '../../common/openapi.js';
import { ZodPipe } from '../../common/zod.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Allow('readAlerts')
  @ApiParametersFrom('query', alertListQuerySchema)
  list(@CurrentUser() user: AuthUser, @Query(new ZodPipe(alertListQuerySchema)) query: { active?: 'true' | 'false'; siteId?: string }): Promise<AlertView[]> {
    return this.alerts.list(user, query);
  }

  @Post(':id/ack')
  @HttpCode(200)
  @Allow('acknowledgeAlerts')
  acknowledge(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AlertView> {
    return this.alerts.acknowledge(user, id);
  }
}
