import 'reflect-metadata';
import { join } from 'node:path';
import { createApp } from './app.factory.js';
import { HttpDrain } from './common/http-drain.js';
import { ConfigError, loadConfig } from './config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';

const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(join(config.dataDir, 'pg'), say);
    config.databaseUrl = embedded.url;
  }
  const { app, demoUsers, consoleServed } = await createApp(config);
  const drain = new HttpDrain(app.getHttpServer());
  await app.listen(config.port, config.host);
  const address = `http://localhost:${config.port}`;
  // One write: whoever waits for "listening on" (the tests, a supervisor) has the whole message with it.
  say(
    [
      `Marhaba Ops Console listening on ${address} (API ${address}/api, docs ${address}/api/docs)`,
      consoleServed ? `console: ${address}/` : `console not built (no ${config.staticDir}): run "npm run build" to serve it here`,
      `database: ${embedded ? `embedded PostgreSQL in ${join(config.dataDir, 'pg')}` : 'DATABASE_URL'}`,
      ...(demoUsers.length > 0
        ? [`demo logins (password "${config.demoPassword === 'marhaba' ? 'marhaba' : 'from DEMO_PASSWORD'}"): admin, coordinator, supervisor, assistant-<siteId> (e.g. assistant-tanger-med)`]
        : []),
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping; in-flight requests finish first`);
    const force = setTimeout(() => {
      say('shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Stop accepting and let the proxy's pooled connections go (HttpDrain), let in-flight requests commit,
    // close the pool; the database goes last. A connection still idle after the drain, or one whose response
    // left with keep-alive before the stop, is closed as soon as its last request is answered, or closing
    // the server would wait for it past the shutdown timeout (keep-alive lasts 65 s: app.factory.ts).
    await drain.drain(config.shutdownDrainMs);
    const idle = setInterval(() => app.getHttpServer().closeIdleConnections(), 100);
    idle.unref();
    await app.close();
    clearInterval(idle);
    await embedded?.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
