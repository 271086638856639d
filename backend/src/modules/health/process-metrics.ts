import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

export interface ProcessMetrics {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: { rssBytes: number; heapUsedBytes: number };
  uptimeSeconds: number;
}

/** Event-loop delay and memory of this process, for operators and benchmarks. */
@Injectable()
export class ProcessMetricsService implements OnModuleDestroy {
  private readonly histogram: IntervalHistogram;
  private readonly sampleNs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.sampleNs = config.eventLoopSampleMs * 1e6;
    this.histogram = monitorEventLoopDelay({ resolution: config.eventLoopSampleMs });
    this.histogram.enable();
  }

  /**
   * The figures since the last reset; `reset` starts a new measuring window. Node records the whole time
   * between two samples, the sampling period included (an idle loop reads 10 ms at a 10 ms period): the
   * delay is what exceeds the period.
   */
  read(reset: boolean): ProcessMetrics {
    const ms = (ns: number) => Math.round(Math.max(0, ns - this.sampleNs) / 1e4) / 100;
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
