import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain.js';

type Reply = { status: number; connection?: string; reused: boolean };

function get(agent: Agent, port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Connections the kernel completed on the listening port and Node has not accepted yet (/proc/net/tcp: rx_queue of the listener). */
function acceptQueue(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const listener = readFileSync('/proc/net/tcp', 'utf8').split('\n').map((line) => line.trim().split(/\s+/)).find((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A');
  return listener ? parseInt(listener[4]!.split(':')[1]!, 16) : 0;
}

/** A server whose `/slow` answers only when told to, so that a request can be in flight when the drain starts. */
async function start(): Promise<{ server: Server; port: number; release: () => void; slowArrived: Promise<void> }> {
  let release = () => {};
  let arrived = () => {};
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req, res) => {
    if (req.url !== '/slow') return void res.end('ok');
    release = () => res.end('slow');
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, release: () => release(), slowArrived };
}

type Setup = Awaited<ReturnType<typeof start>> & { sut: HttpDrain; agent: Agent };

/** Runs `test` against a fresh server, its drain and a keep-alive agent of one connection, and ends them after. */
async function withDrain(test: (setup: Setup) => Promise<void>): Promise<void> {
  const started = await start();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await test({ ...started, sut: new HttpDrain(started.server), agent });
  } finally {
    agent.destroy();
    started.server.closeAllConnections();
  }
}

describe('HttpDrain', () => {
  it('should answer a request on an idle keep-alive connection during the drain, with Connection: close, instead of closing it under the client', async () => {
    await withDrain(async ({ server, port, sut, agent }) => {
      expect(await get(agent, port, '/')).toMatchObject({ status: 200, connection: 'keep-alive' });
      const drained = sut.drain(60_000);
      // The pooled connection stays usable: the request is answered, and the answer ends the connection.
      expect(await get(agent, port, '/')).toEqual({ status: 200, connection: 'close', reused: true });
      // Its end is what the drain waited for, well before its grace period.
      await drained;
      expect(server.listening).toBe(false);
      await expect(get(new Agent(), port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });

  it('should end a connection whose request was in flight when the drain started, after its response', async () => {
    await withDrain(async ({ port, release, slowArrived, sut, agent }) => {
      const slow = get(agent, port, '/slow');
      await slowArrived;
      const drained = sut.drain(60_000);
      release();
      expect(await slow).toMatchObject({ status: 200, connection: 'close' });
      await drained;
    });
  });

  it('should serve a connection still in the accept queue when the drain starts, not reset it', async () => {
    const { server, port } = await start();
    const sut = new HttpDrain(server);
    // The client in another process, so that it connects and sends while this loop is busy (as a loaded
    // instance is when its SIGTERM comes): its connection waits in the accept queue, unseen by Node.
    const client = spawn(process.execPath, ['-e', `
      const socket = require('node:net').connect(${port}, '127.0.0.1', () => socket.write('POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 2\\r\\n\\r\\n{}'));
      socket.once('data', (d) => { process.stdout.write(String(d).split('\\r\\n')[0]); socket.destroy(); });
      socket.on('error', (e) => process.stdout.write(e.code));`]);
    let answer = '';
    client.stdout.on('data', (d) => (answer += d));
    const ended = new Promise((resolve) => client.once('close', resolve));
    try {
      const until = Date.now() + 30_000;
      while (acceptQueue(port) === 0) if (Date.now() > until) throw new Error('the client never connected');
      const drained = sut.drain(60_000);
      await ended;
      expect(answer).toBe('HTTP/1.1 200 OK');
      await drained;
    } finally {
      client.kill();
      server.closeAllConnections();
    }
  });

  it('should give up waiting for a connection the client keeps idle after the grace period', async () => {
    await withDrain(async ({ server, port, sut, agent }) => {
      await get(agent, port, '/');
      await sut.drain(50);
      // Still open (the caller closes what is idle now), and not used meanwhile.
      expect(server.listening).toBe(false);
      expect(await new Promise((resolve) => server.getConnections((_error, n) => resolve(n)))).toBe(1);
    });
  });
});
