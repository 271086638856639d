import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request as httpRequest } from 'node:http';
import { TestApp } from './support/test-app.js';

/** One request on the agent's single connection: its status and whether it reused the previous request's socket. */
function send(agent: Agent, url: string, options: { method: string; token: string; contentType?: string; body?: Buffer }): Promise<{ status: number; reused: boolean; keepAlive?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      agent,
      method: options.method,
      headers: { authorization: `Bearer ${options.token}`, ...(options.contentType ? { 'content-type': options.contentType } : {}), ...(options.body ? { 'content-length': options.body.length } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket, keepAlive: res.headers['keep-alive']?.toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('refused bodies and keep-alive connections', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await TestApp.start();
    token = await app.login('coordinator');
  });
  afterAll(() => app.close());

  it('should answer 413 and 415 without resetting the connection, and serve the next request on it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const oversize = Buffer.from(JSON.stringify({ movements: [], padding: 'x'.repeat(1_300_000) }));
      const results = [];
      for (let round = 0; round < 5; round++) {
        results.push(await send(agent, `${app.baseUrl}/api/movements`, { method: 'POST', token, contentType: 'application/json', body: oversize }));
        results.push(await send(agent, `${app.baseUrl}/api/movements`, { method: 'POST', token, contentType: 'text/plain', body: Buffer.alloc(300_000, 'y') }));
        results.push(await send(agent, `${app.baseUrl}/api/sites`, { method: 'GET', token }));
      }
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: 5 }, () => [413, 415, 200]).flat());
      // One connection throughout: every request after the first went on the socket of the one before.
      expect(results.slice(1).every((r) => r.reused)).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('should keep an idle connection open longer than a proxy keeps its upstream ones (no reset on reuse)', async () => {
    // Node's default (5 s) is shorter than nginx's upstream keepalive_timeout (60 s) and barely longer than
    // undici's (4 s, which a busy event loop overshoots): the client then writes on a socket being closed.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, `${app.baseUrl}/api/sites`, { method: 'GET', token });
      expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=65' });
      const idle = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 6_100)); // the idle period under test, past Node's default (timers may fire a millisecond early by Date.now())
      expect(Date.now() - idle).toBeGreaterThanOrEqual(6_000);
      expect(await send(agent, `${app.baseUrl}/api/sites`, { method: 'GET', token })).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });
});
