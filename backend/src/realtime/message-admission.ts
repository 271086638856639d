import { NotFoundException } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiError } from '@marhaba/shared';
import { TooManyRequestsException } from '../common/rate-limits.js';
import type { Principal } from '../modules/auth/auth.service.js';

/** What admission needs of a socket. */
export interface AdmittedSocket {
  id: string;
  data: { user: Principal };
  listenerCount(event: never): number;
  disconnect(close: boolean): unknown;
}

export interface MessageAdmissionOptions<S extends AdmittedSocket> {
  /** Messages one socket may send per 10 s (SOCKET_MESSAGES_PER_10S). */
  messagesPer10s: number;
  /** Throws when the socket's sign-in is over (revoked, expired). */
  assertStillValid: (user: Principal) => Promise<void>;
  /** The error a refused message is answered with (and audited). */
  refusal: (socket: S, event: string, error: unknown) => ApiError;
}

/**
 * Decides, before any handler runs, whether a socket's message is handled. Each socket has a budget of
 * messages per 10 s: beyond it, messages are answered with 429 in their acknowledgement (or dropped when
 * they have none); a socket that goes on at twice the pace is closed. A message whose session is over is
 * answered with 401 and its socket closed. An unknown event is answered with 404.
 */
export class MessageAdmission<S extends AdmittedSocket> {
  private readonly budget: RateLimiterMemory;

  constructor(private readonly options: MessageAdmissionOptions<S>) {
    this.budget = new RateLimiterMemory({ keyPrefix: 'socket', points: options.messagesPer10s, duration: 10 });
  }

  /** A socket.io packet middleware: `next()` lets the message through, an error ends the socket. */
  async admit(socket: S, packet: unknown[], next: (error?: Error) => void): Promise<void> {
    const ack = packet.at(-1);
    const refuse = (error: unknown) => {
      const apiError = this.options.refusal(socket, String(packet[0]), error);
      if (typeof ack === 'function') ack({ ok: false, error: apiError });
      return apiError;
    };
    try {
      await this.budget.consume(socket.id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error as Error);
      refuse(new TooManyRequestsException(Math.ceil(error.msBeforeNext / 1000)));
      if (error.consumedPoints > 2 * this.options.messagesPer10s) socket.disconnect(true);
      return;
    }
    try {
      // A revocation whose broadcast did not reach this instance (Redis away) still stops the next message.
      await this.options.assertStillValid(socket.data.user);
    } catch (error) {
      if (refuse(error).statusCode === 401) socket.disconnect(true);
      return;
    }
    // An event nobody handles is answered too, so that its sender does not wait for ever.
    if (socket.listenerCount(packet[0] as never) === 0) return void refuse(new NotFoundException(`unknown event ${String(packet[0]).slice(0, 64)}`));
    next();
  }
}
