import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module.js';
import { EditionsController } from './editions.controller.js';
import { EditionsRepository } from './editions.repository.js';
import { EditionsService } from './editions.service.js';

@Module({
  imports: [SitesModule],
  controllers: [EditionsController],
  providers: [EditionsService, EditionsRepository],
  exports: [EditionsService],
})
export class EditionsModule {}
