import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, DomainEvents } from '../common/domain-events.js';
import { pgErrorCode } from '../common/pg-errors.js';

/** A unit of work: its queries run in one transaction; its events are published only after the commit. */
export interface Tx {
  manager: EntityManager;
  publish(event: DomainEvent): void;
}

/** Deadlocks and serialization failures are safe to retry: the transaction was rolled back as a whole. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

@Injectable()
export class Transactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pending: DomainEvent[] = [];
      try {
        const result = await this.dataSource.transaction((manager) => work({ manager, publish: (e) => pending.push(e) }));
        for (const event of pending) this.events.emit(event);
        return result;
      } catch (error) {
        const code = pgErrorCode(error);
        if (attempt >= MAX_ATTEMPTS || code === undefined || !RETRYABLE.has(code)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
}
