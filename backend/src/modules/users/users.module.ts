import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [SitesModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
