import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { EditionsModule } from '../editions/editions.module.js';
import { HistoryRepository } from './history.repository.js';
import { HistoryService } from './history.service.js';
import { ImportsController } from './imports.controller.js';

@Module({
  imports: [
    EditionsModule,
    // Uploads are held in memory (an edition's daily figures are a few hundred kilobytes), up to IMPORT_MAX_BYTES.
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ limits: { fileSize: config.importMaxBytes, files: 1, fields: 0, parts: 2 } }) }),
  ],
  controllers: [ImportsController],
  providers: [HistoryService, HistoryRepository],
  exports: [HistoryService],
})
export class HistoryModule {}
