import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module.js';
import { DemoService } from './demo.service.js';

@Module({
  imports: [SitesModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
