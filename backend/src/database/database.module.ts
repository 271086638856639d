import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainEvents } from '../common/domain-events.js';
import { dataSourceOptions, runMigrations, type Entities } from './data-source.js';
import { isDatabaseUnavailable } from '../common/pg-errors.js';
import { Transactions } from './transactions.js';

/** The one DataSource (migrated before anything else touches the schema), transactions and domain events. */
@Global()
@Module({})
export class DatabaseModule {
  /** `entities`: every module's, given from above (the database layer imports no module). */
  static forRoot(entities: Entities): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl as string, entities),
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
    };
  }
}
