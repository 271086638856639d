import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SitesModule } from '../sites/sites.module';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';

@Module({
  imports: [SitesModule, AlertsModule],
  controllers: [CasesController],
  providers: [CasesService, CasesRepository],
  exports: [CasesService, CasesRepository],
})
export class CasesModule {}
