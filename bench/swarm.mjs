// A swarm of dashboard sockets in its own process (load core). Records when each socket sees the probe
// site's traffic reach each total; on request, turns that into latencies from the probes' send times.
import { io } from 'socket.io-client';
import { now } from './lib.mjs';

const [url, token, count, probeSite] = [process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5]];
const sockets = [];
const CONNECT_ATTEMPTS = 5;
/** For each socket: [people total, time seen] in arrival order. */
const seen = [];

for (let i = 0; i < count; i++) {
  // Dashboards take traffic deltas batched per flush, as the console does (plain `traffic` handled too).
  const socket = io(`${url}/live`, { auth: { token, trafficBatch: true }, transports: ['websocket'], reconnection: false, forceNew: true });
  const mine = [];
  seen.push(mine);
  const record = (event) => {
    if (event.siteId === probeSite) mine.push([event.today.arrivals.people, now()]);
  };
  socket.on('traffic', record);
  socket.on('traffic:batch', ({ items }) => items.forEach(record));
  // A handshake refused under load (a full accept queue with thousands connecting) is tried again a
  // few times before the swarm gives up; reconnection stays off once connected, so nothing is hidden.
  sockets.push(new Promise((resolve, reject) => {
    let attempts = 0;
    socket.once('connect', () => resolve(socket));
    socket.on('connect_error', (error) => {
      if (++attempts >= CONNECT_ATTEMPTS) reject(error);
      else setTimeout(() => socket.connect(), 200 * attempts);
    });
  }));
  // Connect in small groups: a burst of thousands of handshakes is not what we measure.
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
}
const connected = await Promise.all(sockets);
process.send({ type: 'ready', count: connected.length });

process.on('message', (message) => {
  if (message.type === 'reset') {
    seen.forEach((list) => (list.length = 0));
  } else if (message.type === 'latencies') {
    // probes: [[total after the probe, send time]]; a probe is received once a socket sees that total.
    const latencies = [];
    let missed = 0;
    for (const list of seen) {
      for (const [total, sentAt] of message.probes) {
        const hit = list.find(([people]) => people >= total);
        if (hit) latencies.push(hit[1] - sentAt);
        else missed++;
      }
    }
    process.send({ type: 'latencies', latencies, missed });
  } else if (message.type === 'stop') {
    connected.forEach((s) => s.disconnect());
    process.exit(0);
  }
});
