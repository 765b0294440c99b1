// SSE fan-out client: N connections to one stream, and for each of the next ROUNDS updates (events
// `update`, told apart by their id) the spread of its arrival over the N connections: the time from the
// first connection's arrival to the p50, p99 and last one's. An arrival is when this process read the
// bytes. Measures any SSE server the same way (bench/fanout-vs-node.sh runs Quotegate and the Node peer).
//   node bench/node/sse-spread.js URL N [ROUNDS] [TIMEOUT_S]
// Connections use source addresses 127.0.0.1 to 127.0.0.8 so that many of them fit the ephemeral ports.
// Loopback only; every phase is bounded in time.
'use strict';
const http = require('http');
const { performance } = require('perf_hooks');
const [url, nArg, roundsArg = '2', timeoutArg = '90'] = process.argv.slice(2);
const N = +nArg;
const ROUNDS = +roundsArg;
const TIMEOUT_MS = +timeoutArg * 1000;
const target = new URL(url);
const arrivals = new Map(); // update id -> [ms]
let ready = 0;
let failed = 0;
let closed = 0;
let measuring = false;

function open(i) {
  const req = http.get({
    host: target.hostname, port: target.port, path: target.pathname + target.search,
    agent: false, localAddress: '127.0.0.' + (1 + (i % 8)),
  }, (res) => {
    let snapshot = false;
    let tail = '';
    res.setEncoding('latin1');
    res.on('data', (chunk) => {
      const now = performance.now();
      const text = tail + chunk;
      if (!snapshot && text.includes('event: snapshot')) {
        snapshot = true;
        ready++;
      }
      if (measuring) {
        let at = text.indexOf('\nevent: update', 0);
        while (at >= 0) {
          const idAt = text.lastIndexOf('id: ', at);
          if (idAt >= 0) {
            const id = text.substring(idAt + 4, at);
            if (!arrivals.has(id)) arrivals.set(id, []);
            arrivals.get(id).push(now);
          }
          at = text.indexOf('\nevent: update', at + 1);
        }
      }
      tail = text.slice(-4096).replace(/[\s\S]*\n\n/, ''); // keep only an unfinished frame
    });
    res.on('end', () => closed++);
  });
  req.on('error', () => failed++);
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
  measuring = true;
  const done = () => [...arrivals.values()].filter((a) => a.length >= N).length >= ROUNDS;
  await until(done, TIMEOUT_MS * ROUNDS);
  const complete = [...arrivals.entries()].filter(([, a]) => a.length >= N).slice(0, ROUNDS);
  if (complete.length === 0) {
    console.log(`no update reached all ${N} connections (${closed} closed)`);
    process.exit(1);
  }
  for (const [id, a] of complete) {
    const s = a.slice().sort((x, y) => x - y);
    const spread = s.map((v) => v - s[0]);
    console.log(`update ${id}: spread p50 ${pct(spread, 50).toFixed(1)} ms, p99 ${pct(spread, 99).toFixed(1)} ms, ` +
      `max ${spread[spread.length - 1].toFixed(1)} ms over ${s.length} connections`);
    console.log(`RESULT p99=${pct(spread, 99).toFixed(1)}`);
  }
  process.exit(0);
})();
