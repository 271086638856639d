import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { ENTITIES } from './app.entities.js';
import { DatabaseModule } from './database/database.module.js';
import { RedisModule } from './common/redis.module.js';
import { AlertsSweepModule } from './modules/alerts/alerts-sweep.module.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { HistoryModule } from './modules/history/history.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { ForecastModule } from './modules/forecast/forecast.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { LiveModule } from './modules/live/live.module.js';
import { RetentionModule } from './modules/retention/retention.module.js';
import { EditionsModule } from './modules/editions/editions.module.js';
import { SitesModule } from './modules/sites/sites.module.js';
import { StatsModule } from './modules/stats/stats.module.js';
import { TrafficModule } from './modules/traffic/traffic.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Logs carry method, path and status: never bodies, query strings, tokens, client addresses,
            // usernames or anything about travellers (those go to the audit log, modules/audit).
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: {
              req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // A person at a terminal (`npm start`) reads one line per entry; containers and files get JSON lines.
            ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
          },
        }),
        DatabaseModule.forRoot(ENTITIES),
        RedisModule,
        AuditModule,
        AuthModule,
        UsersModule,
        SitesModule,
        EditionsModule,
        TrafficModule,
        CasesModule,
        AlertsModule,
        AlertsSweepModule,
        LiveModule,
        HistoryModule,
        StatsModule,
        ForecastModule,
        HealthModule,
        DemoModule,
        RetentionModule,
        RealtimeModule,
      ],
    };
  }
}
