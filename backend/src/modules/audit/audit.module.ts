import { Global, Module } from '@nestjs/common';
import { ACCESS_REFUSALS } from '../../common/access-refusals.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** Global: sign-in, cases, statistics, the realtime gateway and the exception filter all record here. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, { provide: ACCESS_REFUSALS, useExisting: AuditService }],
  exports: [AuditService, ACCESS_REFUSALS],
})
export class AuditModule {}
