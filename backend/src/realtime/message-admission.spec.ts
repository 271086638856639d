import { describe, expect, it, jest } from '@jest/globals';
import { UnauthorizedException } from '@nestjs/common';
import { toApiError } from '../common/api-error.js';
import type { Principal } from '../modules/auth/auth.service.js';
import { MessageAdmission, type AdmittedSocket } from './message-admission.js';

const user = { id: 'u', username: 'coordinator', role: 'coordinator', siteIds: [], sessionId: 's', expiresAt: Date.now() + 60_000 } as unknown as Principal;

function build({ valid = true, handled = true } = {}) {
  const socket = { id: 'sock', data: { user }, listenerCount: () => (handled ? 1 : 0), disconnect: jest.fn() } satisfies AdmittedSocket;
  const refusal = jest.fn((_socket: AdmittedSocket, _event: string, error: unknown) => toApiError(error));
  const sut = new MessageAdmission({
    messagesPer10s: 2,
    assertStillValid: async () => {
      if (!valid) throw new UnauthorizedException('session revoked');
    },
    refusal,
  });
  const send = async () => {
    const ack = jest.fn();
    const next = jest.fn();
    await sut.admit(socket, ['movements', {}, ack], next);
    return { ack, next };
  };
  return { sut, socket, refusal, send };
}

describe(MessageAdmission.name, () => {
  it('should let a message of a valid session through', async () => {
    const { send } = build();
    const { ack, next } = await send();
    expect(next).toHaveBeenCalledWith();
    expect(ack).not.toHaveBeenCalled();
  });

  it('should answer 429 beyond the budget, and close a socket going on at twice the pace', async () => {
    const { send, socket } = build();
    await send();
    await send();
    const third = await send();
    expect(third.next).not.toHaveBeenCalled();
    expect(third.ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ statusCode: 429 }) });
    expect(socket.disconnect).not.toHaveBeenCalled();
    await send();
    await send();
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });

  it('should answer 401 and close the socket once its session is over', async () => {
    const { send, socket, refusal } = build({ valid: false });
    const { ack, next } = await send();
    expect(next).not.toHaveBeenCalled();
    expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ statusCode: 401 }) });
    expect(refusal).toHaveBeenCalledWith(socket, 'movements', expect.any(UnauthorizedException));
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });

  it('should answer 404 for an event nobody handles, and keep the socket', async () => {
    const { send, socket } = build({ handled: false });
    const { ack, next } = await send();
    expect(next).not.toHaveBeenCalled();
    expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ statusCode: 404 }) });
    expect(socket.disconnect).not.toHaveBeenCalled();
  });
});
