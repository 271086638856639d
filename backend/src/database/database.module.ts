import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainEvents } from '../common/domain-events.js';
import { dataSourceOptions, runMigrations } from './data-source.js';
import { isDatabaseUnavailable } from './pg-errors.js';
import { Transactions } from './transactions.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl as string),
        // Wait for a database that is still starting (compose, restarts); fail at once on anything else.
        retryAttempts: 20,
        retryDelay: 3_000,
        toRetry: isDatabaseUnavailable,
      }),
      // Migrations run before anything else touches the schema.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions, DomainEvents],
  exports: [Transactions, DomainEvents],
})
export class DatabaseModule {}
