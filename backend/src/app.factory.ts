import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { refuseNonJsonBodies } from './common/json-bodies.js';
import { StrictQueryInterceptor } from './common/strict-query.interceptor.js';
import { serveConsole } from './common/console-static.js';
import { RedisConnections } from './common/redis-connections.js';
import { LiveIoAdapter } from './realtime/live-io.adapter.js';
import { securityHeaders } from './common/security-headers.js';
import type { AppConfig } from './config/config.js';
import { ACCESS_REFUSALS, type AccessRefusals } from './common/access-refusals.js';
import { DemoService, type DemoUser } from './modules/demo/demo.service.js';
import { EditionsService } from './modules/editions/editions.service.js';
import { ForecastRefresher } from './modules/forecast/forecast.refresher.js';
import { SitesService } from './modules/sites/sites.service.js';
import { AuthService, type Principal } from './modules/auth/auth.service.js';

export interface App {
  app: NestExpressApplication;
  demoUsers: DemoUser[];
  /** Whether the built console is served at `/`. */
  consoleServed: boolean;
}

/** Builds the whole backend on a reachable database (config.databaseUrl); used by main.ts and the tests. */
export async function createApp(config: AppConfig): Promise<App> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Idle keep-alive connections outlive nginx's upstream ones (60 s): the proxy closes them first, so it
  // never sends a request on a connection Node is closing at that moment (a reset, a 502).
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  app.use(securityHeaders(config.tileUrl));
  // Same-origin by default: the console is served by this backend or the proxy in front of it.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['authorization', 'content-type'], maxAge: 600 });
  const auth = app.get(AuthService);
  app.useWebSocketAdapter(
    new LiveIoAdapter(app, {
      redis: app.get(RedisConnections).streams,
      corsOrigins: config.corsOrigins,
      stillValid: (data) => auth.assertStillValid((data as { user: Principal }).user).then(() => true, () => false),
    }),
  );
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.use(refuseNonJsonBodies);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ApiExceptionFilter(app.get<AccessRefusals>(ACCESS_REFUSALS)));
  app.useGlobalInterceptors(new StrictQueryInterceptor());
  const openApi = new DocumentBuilder()
    .setTitle('Marhaba Ops Console API')
    .setDescription('Traffic counts, assistance cases, alerts and live figures of Operation Marhaba. Realtime: socket.io namespace /live.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  const consoleServed = serveConsole(app, config.staticDir);
  await app.init();
  await app.get(SitesService).seedReferenceData();
  await app.get(EditionsService).seedReferenceData();
  // The first refit once the reference sites exist, in the background: the server listens meanwhile (a failure,
  // database away, is logged and the periodic refit tries again).
  app.get(ForecastRefresher).startFirstRefit();
  const demoUsers = config.demo ? await app.get(DemoService).seedUsers() : [];
  if (config.demo && config.demoHistory) await app.get(DemoService).preloadHistory();
  return { app, demoUsers, consoleServed };
}
