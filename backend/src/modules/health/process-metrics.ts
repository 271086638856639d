import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProcessMetrics {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: { rssBytes: number; heapUsedBytes: number };
  uptimeSeconds: number;
}

/** Event-loop delay and memory of this process, for operators and benchmarks. */
@Injectable()
export class ProcessMetricsService implements OnModuleDestroy {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.histogram.enable();
  }

  /** The figures since the last reset; `reset` starts a new measuring window. */
  read(reset: boolean): ProcessMetrics {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const { rss, heapUsed } = process.memoryUsage();
    const metrics = {
      eventLoopDelayMs: { p50: ms(this.histogram.percentile(50)), p99: ms(this.histogram.percentile(99)), max: ms(this.histogram.max) },
      memory: { rssBytes: rss, heapUsedBytes: heapUsed },
      uptimeSeconds: Math.round(process.uptime()),
    };
    if (reset) this.histogram.reset();
    return metrics;
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
