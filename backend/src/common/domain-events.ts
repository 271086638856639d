import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { AlertView, CaseView, HoldingState } from '@marhaba/shared';

/** What services announce after a commit; the realtime gateway turns these into socket messages. */
export interface DomainEventMap {
  'movements.committed': { siteIds: string[] };
  'case.changed': CaseView;
  'alert.changed': AlertView;
  'holding.changed': HoldingState;
  /** Sign-ins that must end now: one session (logout) or all of a user's (disabled, role, sites or password changed). */
  'sessions.revoked': { userId: string } | { sessionId: string };
}
export type DomainEvent = { [K in keyof DomainEventMap]: { name: K; payload: DomainEventMap[K] } }[keyof DomainEventMap];

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  emit(event: DomainEvent): void {
    this.emitter.emit(event.name, event.payload);
  }

  on<K extends keyof DomainEventMap>(name: K, listener: (payload: DomainEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
