// Baseline: a bare socket.io server sending the same messages as ours (traffic deltas batched per
// flush, at most one flush per window, the first after a quiet spell at once), with no database, no
// authentication, no validation and no framework. Same clients, same core.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const [port, windowMs] = [Number(process.argv[2]), Number(process.argv[3])];
const totals = new Map();
const seqs = new Map();
const dirty = new Set();
let timer = null;
let lastFlushAt = 0;

function flush() {
  timer = null;
  lastFlushAt = Date.now();
  const items = [...dirty].map((siteId) => {
    const people = totals.get(siteId);
    seqs.set(siteId, (seqs.get(siteId) ?? 0) + 1);
    const figures = { arrivals: { people, vehicles: 0 }, departures: { people: 0, vehicles: 0 } };
    return { siteId, seq: seqs.get(siteId), today: figures, lastHour: figures };
  });
  dirty.clear();
  live.emit('traffic:batch', { items });
}

const http = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    for (const m of JSON.parse(body).movements ?? []) {
      totals.set(m.siteId, (totals.get(m.siteId) ?? 0) + m.people);
      dirty.add(m.siteId);
    }
    timer ??= setTimeout(flush, Math.max(0, lastFlushAt + windowMs - Date.now()));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0}');
  });
});
const io = new Server(http);
const live = io.of('/live');
http.listen(port, '127.0.0.1', () => console.log('listening on', port));
