// Simulated tablets in their own process (load core): each posts one movement at its site every
// interval, with a random phase, until told to stop. Bounded by the parent's stop or a hard deadline.
import { randomUUID } from 'node:crypto';

const { url, tokens, count, intervalMs, maxMs } = JSON.parse(process.argv[2]);
const sites = Object.keys(tokens);
let sent = 0;
let failed = 0;
let running = true;
const deadline = Date.now() + maxMs;

async function tablet(index) {
  const siteId = sites[index % sites.length];
  await new Promise((r) => setTimeout(r, Math.random() * intervalMs));
  while (running && Date.now() < deadline) {
    const movement = { id: randomUUID(), siteId, direction: 'arrival', mode: 'car', people: 3, vehicles: 1, occurredAt: new Date().toISOString() };
    try {
      const res = await fetch(`${url}/api/movements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[siteId]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ movements: [movement] }),
      });
      await res.arrayBuffer();
      if (res.ok) sent++;
      else failed++;
    } catch {
      failed++;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const all = Promise.all(Array.from({ length: count }, (_, i) => tablet(i)));
process.on('message', async (message) => {
  if (message.type !== 'stop') return;
  running = false;
  await all;
  process.send({ type: 'done', sent, failed });
  process.exit(0);
});
process.send({ type: 'started' });
