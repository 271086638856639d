import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { ForecastTask, ForecastTaskResult } from './forecast.worker.js';

/**
 * The worker file beside this one: `forecast.worker.js` in the built `dist/`. Under ts-jest this module is
 * the TypeScript source, and so is the worker: its thread then loads it through tsx.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    filename: new URL(fromSource ? './forecast.worker.ts' : './forecast.worker.js', import.meta.url).href,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/**
 * Fitting takes seconds for all sites: it runs in one worker thread so that the live path's event loop never
 * waits for it. One thread, not one per core, so that a core is left to the requests.
 */
@Injectable()
export class ForecastPool implements OnApplicationShutdown {
  private pool: Piscina<ForecastTask, unknown> | null = null;
  private closed = false;

  /** Refused once the application shuts down: a refit still running must not start a thread that keeps the process alive. */
  run<T extends ForecastTask>(task: T): Promise<ForecastTaskResult<T>> {
    if (this.closed) return Promise.reject(new Error('the forecast pool is shut down'));
    // Lowest scheduling priority (nice 19, through piscina's @napi-rs/nice): where the thread shares a core with
    // the event loop, the kernel runs the live path first. Measured in `npm run bench -- forecast`.
    this.pool ??= new Piscina({ ...workerEntry(), minThreads: 0, maxThreads: 1, idleTimeout: 60_000, niceIncrement: 19 });
    return this.pool.run(task) as Promise<ForecastTaskResult<T>>;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.pool?.destroy();
    this.pool = null;
  }
}
