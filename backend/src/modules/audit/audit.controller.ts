import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { auditQuerySchema, type AuditPage, type AuditQuery } from '@marhaba/shared';
import { Allow } from '../../common/auth.decorators.js';
import { ZodPipe } from '../../common/zod.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit log, newest first; filters by kind, actor (username), site and time; `cursor` pages on. */
  @Get()
  @Allow('readAudit')
  list(@Query(new ZodPipe(auditQuerySchema)) query: AuditQuery): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
