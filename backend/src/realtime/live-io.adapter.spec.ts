import { EventEmitter } from 'node:events';
import { describe, expect, it, jest } from '@jest/globals';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { defer, from, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { LiveIoAdapter } from './live-io.adapter.js';

/** As Nest's WebSocketsController hands results over: a promise or a value, as an observable. */
const transform = (result: unknown): Observable<unknown> => defer(() => from(Promise.resolve(result)));

function setup(handlers: Partial<MessageMappingProperties>[]) {
  const sut = new LiveIoAdapter(undefined as never, { redis: null, corsOrigins: [], stillValid: async () => true });
  const socket = Object.assign(new EventEmitter(), { emit: jest.fn() });
  const logged = jest.spyOn((sut as unknown as { logger: { error(e: unknown): void } }).logger, 'error').mockImplementation(() => undefined);
  sut.bindMessageHandlers(socket as unknown as Socket, handlers.map((h) => ({ methodName: 'm', isAckHandledManually: false, ...h })) as MessageMappingProperties[], transform);
  // The socket's own listeners, as socket.io calls them for a received event.
  const receive = (event: string, ...args: unknown[]) => EventEmitter.prototype.emit.call(socket, event, ...args);
  return { socket, receive, logged };
}

/** Resolves once `fn` has been called. */
const called = (fn: jest.Mock) => new Promise<void>((resolve) => fn.mockImplementation(() => resolve()));

describe(LiveIoAdapter.name, () => {
  it('should answer the acknowledgement with what the handler resolves, given the data alone', async () => {
    const callback = jest.fn(async (...args: unknown[]) => ({ ok: true, data: args[0] }));
    const { receive } = setup([{ message: 'movements', callback }]);
    const ack = jest.fn();
    const answered = called(ack);
    receive('movements', { movements: [] }, ack);
    await answered;
    expect(callback).toHaveBeenCalledWith({ movements: [] }, ack);
    expect(ack).toHaveBeenCalledWith({ ok: true, data: { movements: [] } });
  });

  it('should take a lone function as the acknowledgement, with no data', async () => {
    const { receive } = setup([{ message: 'snapshot:request', callback: async (data: unknown) => ({ got: data ?? 'nothing' }) }]);
    const ack = jest.fn();
    const answered = called(ack);
    receive('snapshot:request', ack);
    await answered;
    expect(ack).toHaveBeenCalledWith({ got: 'nothing' });
  });

  it('should emit a response that names an event instead of acknowledging it', async () => {
    const { socket, receive } = setup([{ message: 'ping', callback: async () => ({ event: 'pong', data: 1 }) }]);
    const emitted = called(socket.emit);
    const ack = jest.fn();
    receive('ping', {}, ack);
    await emitted;
    expect(socket.emit).toHaveBeenCalledWith('pong', 1);
    expect(ack).not.toHaveBeenCalled();
  });

  it('should leave the acknowledgement to a handler that answers it itself', async () => {
    const callback = jest.fn(async () => 'handled');
    const { receive } = setup([{ message: 'manual', callback, isAckHandledManually: true }]);
    const ack = jest.fn();
    receive('manual', {}, ack);
    await callback.mock.results[0]?.value;
    await new Promise((resolve) => setImmediate(resolve));
    expect(callback).toHaveBeenCalled();
    expect(ack).not.toHaveBeenCalled();
  });

  it('should log a failing handler and go on handling the next messages', async () => {
    let calls = 0;
    const { receive, logged } = setup([
      {
        message: 'movements',
        callback: () => {
          if (++calls === 1) throw new Error('broken');
          return Promise.resolve('second');
        },
      },
    ]);
    receive('movements', {}, jest.fn());
    expect(logged).toHaveBeenCalledWith(new Error('broken'));
    const ack = jest.fn();
    const answered = called(ack);
    receive('movements', {}, ack);
    await answered;
    expect(ack).toHaveBeenCalledWith('second');
  });
});
