// Baseline: a bare socket.io server that broadcasts each write at once, with no database, no
// authentication, no validation and no coalescing. Same messages, same clients, same core as ours.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const totals = new Map();
const seqs = new Map();
const http = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    for (const m of JSON.parse(body).movements ?? []) {
      totals.set(m.siteId, (totals.get(m.siteId) ?? 0) + m.people);
      seqs.set(m.siteId, (seqs.get(m.siteId) ?? 0) + 1);
      const people = totals.get(m.siteId);
      live.emit('traffic', { siteId: m.siteId, seq: seqs.get(m.siteId), today: { arrivals: { people, vehicles: 0 }, departures: { people: 0, vehicles: 0 } }, lastHour: { arrivals: { people, vehicles: 0 }, departures: { people: 0, vehicles: 0 } } });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0}');
  });
});
const io = new Server(http);
const live = io.of('/live');
http.listen(port, '127.0.0.1', () => console.log('listening on', port));
