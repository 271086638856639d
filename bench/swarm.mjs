// A swarm of dashboard sockets in its own process (load core). Records when each socket sees the probe
// site's traffic reach each total; on request, turns that into latencies from the probes' send times.
//
// Real dashboards each decode on their own CPU; here thousands share one core. Decoding each message
// completely as it arrives (socket.io parser, JSON.parse, the handler) made the last socket's arrival
// wait for the decoding of every socket before it, which measured the swarm rather than the server.
// So the sockets' parser stamps the time a packet string arrives, in the I/O phase, and decodes
// afterwards, in order, a slice at a time between I/O phases. Everything else is a real
// socket.io-client socket (engine.io, heartbeats, auth), and a probe still counts as received only
// when its total is decoded from the message that carried it.
import { io } from 'socket.io-client';
import { Decoder, Encoder } from 'socket.io-parser';
import { now } from './lib.mjs';

const [url, token, count, probeSite] = [process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5]];
const sockets = [];
const CONNECT_ATTEMPTS = 5;
/** Packets decoded per turn: small enough that a packet arriving meanwhile is stamped within about a millisecond. */
const DECODE_SLICE = 64;
/** Distinct event packets remembered: every socket gets the same broadcast string, decoded once for all. */
const MEMO_SIZE = 16;
/**
 * For each socket: [people total, time it arrived, time its handler ran] in arrival order. The handler's
 * time is about what this swarm measured before (when it decoded each message as it came): beside the
 * arrival, it shows in the same run how much of that figure was the swarm's own queue.
 */
const seen = [];

/** [decoder, packet string, arrival time] waiting to be decoded, in arrival order (so in order per socket). */
const pending = [];
let draining = false;
const memo = new Map();
const reference = new Decoder();
let lastDecoded = null;
reference.on('decoded', (packet) => (lastDecoded = packet));

/** The parser's own decoding of a packet string (a string packet is emitted synchronously). */
function parse(text) {
  lastDecoded = null;
  reference.add(text);
  return lastDecoded;
}

/** An event packet decoded once per distinct string (the connect packets, one per socket, are not kept). */
function decodedEvent(text, arrivedAt) {
  let packet = memo.get(text);
  if (!packet) {
    packet = parse(text);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value);
    memo.set(text, packet);
  }
  // Each socket gets its own packet and arguments (socket.io-client pushes an ack or freezes them);
  // the payload is shared, seen through an object that adds this socket's arrival time.
  const [event, payload, ...rest] = packet.data;
  const stamped = payload !== null && typeof payload === 'object' ? Object.assign(Object.create(payload), { arrivedAt }) : payload;
  return { ...packet, data: [event, stamped, ...rest] };
}

function drain() {
  for (const [decoder, text, arrivedAt] of pending.splice(0, DECODE_SLICE)) {
    // A packet that does not decode throws here and ends the swarm: the measurement failed.
    const packet = text.startsWith('2') ? decodedEvent(text, arrivedAt) : parse(text);
    decoder.emitReserved('decoded', packet);
  }
  decodedCount = stampedCount - pending.length;
  while (waiters.length > 0 && waiters[0][0] <= decodedCount) waiters.shift()[1]();
  if (pending.length > 0) setImmediate(drain);
  else draining = false;
}

/** Packets stamped and decoded so far; waiters: [packets to be decoded, resolve], in request order. */
let [stampedCount, decodedCount] = [0, 0];
const waiters = [];
/** Resolves once every packet stamped until now is decoded (and its handler has run). */
const decoded = () => new Promise((resolve) => (decodedCount >= stampedCount ? resolve() : waiters.push([stampedCount, resolve])));

class StampingDecoder extends Decoder {
  add(text) {
    if (typeof text !== 'string') throw new Error('swarm: binary packets are not expected');
    pending.push([this, text, now()]);
    stampedCount++;
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  }
}
const parser = { Encoder, Decoder: StampingDecoder };

for (let i = 0; i < count; i++) {
  // Dashboards take traffic deltas batched per flush, as the console does (plain `traffic` handled too).
  const socket = io(`${url}/live`, { auth: { token, trafficBatch: true }, transports: ['websocket'], reconnection: false, forceNew: true, parser });
  const mine = [];
  seen.push(mine);
  const record = (event, arrivedAt) => {
    if (event.siteId === probeSite) mine.push([event.today.arrivals.people, arrivedAt, now()]);
  };
  socket.on('traffic', (event) => record(event, event.arrivedAt));
  socket.on('traffic:batch', (batch) => batch.items.forEach((item) => record(item, batch.arrivedAt)));
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

process.on('message', async (message) => {
  // Packets that arrived before the request are decoded first: one stamped but not yet decoded would
  // count as missed in the window it belongs to, or as seen in the next.
  await decoded();
  if (message.type === 'reset') {
    seen.forEach((list) => (list.length = 0));
  } else if (message.type === 'latencies') {
    // probes: [[total after the probe, send time]]; a probe is received once a socket sees that total.
    const [latencies, handled] = [[], []];
    let missed = 0;
    for (const list of seen) {
      for (const [total, sentAt] of message.probes) {
        const hit = list.find(([people]) => people >= total);
        if (hit) {
          latencies.push(hit[1] - sentAt);
          handled.push(hit[2] - sentAt);
        } else missed++;
      }
    }
    process.send({ type: 'latencies', latencies, handled, missed });
  } else if (message.type === 'stop') {
    connected.forEach((s) => s.disconnect());
    process.exit(0);
  }
});
