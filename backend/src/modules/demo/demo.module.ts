import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { DemoService } from './demo.service';

@Module({
  imports: [SitesModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
