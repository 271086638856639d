import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DomainEvents } from '../common/domain-events';
import { dataSourceOptions, runMigrations } from './data-source';
import { Transactions } from './transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databaseUrl as string), retryAttempts: 20, retryDelay: 3_000 }),
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
