// SSE fan-out client: N connections to one stream, and for each of the next ROUNDS updates (events
// `update`, told apart by their id) the spread of its arrival over the N connections: the time from the
// first connection's arrival to the p50, p99 and last one's. An arrival is when this process read the
// bytes. Measures any SSE server the same way (bench/fanout-vs-node.sh runs Quotegate and the Node peer).
//   node bench/node/sse-spread.js URL N [ROUNDS] [TIMEOUT_S]
// Connections use source addresses 127.0.0.1 to 127.0.0.8 so that many of them fit the ephemeral ports.
// Loopback only; every phase is bounded in time.
//
// Lean on purpose: this process reads all N connections on one thread, so what it spends per arrival is
// part of every spread it measures (with Node's http client, a latin1 string per chunk and a regular
// expression per arrival, it spent about 200 ms of CPU per update of 10,000 connections, as much as either
// server, and the spreads it reported were mostly its own). So it speaks HTTP/1.1 over plain sockets and
// searches each read's bytes in place, in one buffer shared by all the connections (net's onread): the time, the event's id, nothing decoded. Chunked transfer
// encoding is left in the bytes; only the SSE fields are looked for.
'use strict';
const net = require('net');
const { performance } = require('perf_hooks');
const [url, nArg, roundsArg = '2', timeoutArg = '90'] = process.argv.slice(2);
const N = +nArg;
const ROUNDS = +roundsArg;
const TIMEOUT_MS = +timeoutArg * 1000;
const target = new URL(url);
const REQUEST = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
  'Accept: text/event-stream\r\n\r\n', 'latin1');
const EVENT = Buffer.from('\nevent: ', 'latin1');
const UPDATE = '\nevent: update';
const LF = 0x0a;
const S = 's'.charCodeAt(0); // event: snapshot
const ID = Buffer.from('id: ', 'latin1');
const FRAME_END = Buffer.from('\n\n', 'latin1');
const SHARED = Buffer.alloc(64 * 1024); // every connection's reads, one at a time (one thread)
const arrivals = new Map(); // "<id>\nevent: <name>" -> [ms]
let ready = 0;
let failed = 0;
let closed = 0;
let measuredFrom = Infinity; // updates that began arriving before all N had connected are not measured
let lastId = null;
let lastList = null;

function arrived(id, now) {
  if (id !== lastId) {
    lastId = id;
    lastList = arrivals.get(id);
    if (!lastList) arrivals.set(id, (lastList = []));
  }
  lastList.push(now);
}

function open(i) {
  let snapshot = false;
  let tail = null; // an unfinished frame, kept for the next read
  const read = (n, into) => {
    const now = performance.now();
    const chunk = into.subarray(0, n);
    const bytes = tail === null ? chunk : Buffer.concat([tail, chunk]);
    tail = null;
    // Every event takes this one path, snapshots while connecting and updates while measuring alike, so
    // that the first update measured does not run code this process has not compiled yet.
    let at = bytes.indexOf(EVENT);
    while (at >= 0) {
      const idAt = bytes.lastIndexOf(ID, at);
      const lineEnd = bytes.indexOf(LF, at + EVENT.length);
      if (lineEnd < 0) break; // an unfinished frame: kept below
      if (idAt >= 0) {
        arrived(bytes.toString('latin1', idAt + ID.length, lineEnd), now); // "<id>\nevent: <name>"
        if (!snapshot && bytes[at + EVENT.length] === S) {
          snapshot = true;
          ready++;
        }
      }
      at = bytes.indexOf(EVENT, lineEnd);
    }
    // What follows the last complete frame: kept when it is more than the chunk's closing CRLF.
    const end = bytes.lastIndexOf(FRAME_END);
    const rest = end < 0 ? 0 : end + FRAME_END.length;
    if (bytes.length - rest > 2) tail = Buffer.from(bytes.subarray(Math.max(rest, bytes.length - 4096)));
  };
  // onread: each read lands in the one shared buffer and is handed over as it is, without the stream
  // machinery's 'data' event (a new buffer per read); what is kept of it is copied.
  const socket = net.connect({
    host: target.hostname, port: +target.port, localAddress: '127.0.0.' + (1 + (i % 8)),
    onread: { buffer: SHARED, callback: read },
  });
  socket.on('connect', () => socket.write(REQUEST));
  socket.on('error', () => failed++);
  socket.on('close', () => closed++);
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function until(cond, ms) {
  return new Promise((resolve) => {
    const start = Date.now();
    const t = setInterval(() => {
      if (cond() || Date.now() - start > ms) {
        clearInterval(t);
        resolve(cond());
      }
    }, 20);
  });
}

(async () => {
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    open(i);
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  if (!(await until(() => ready >= N, TIMEOUT_MS))) {
    console.log(`only ${ready} of ${N} connections got their snapshot (${failed} failed)`);
    process.exit(1);
  }
  console.log(`${N} connected with a snapshot in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  measuredFrom = performance.now();
  const measured = () => [...arrivals.entries()]
    .filter(([key, a]) => key.endsWith(UPDATE) && a.length >= N && a[0] >= measuredFrom);
  await until(() => measured().length >= ROUNDS, TIMEOUT_MS * ROUNDS);
  const complete = measured().slice(0, ROUNDS);
  if (complete.length === 0) {
    console.log(`no update reached all ${N} connections (${closed} closed)`);
    process.exit(1);
  }
  for (const [key, a] of complete) {
    const id = key.slice(0, key.length - UPDATE.length);
    const s = a.slice().sort((x, y) => x - y);
    const spread = s.map((v) => v - s[0]);
    console.log(`update ${id}: spread p50 ${pct(spread, 50).toFixed(1)} ms, p99 ${pct(spread, 99).toFixed(1)} ms, ` +
      `max ${spread[spread.length - 1].toFixed(1)} ms over ${s.length} connections`);
    console.log(`RESULT p99=${pct(spread, 99).toFixed(1)}`);
  }
  process.exit(0);
})();
