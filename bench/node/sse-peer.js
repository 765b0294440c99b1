// A minimal SSE server, the peer Quotegate's fan-out is measured against (bench/fanout-vs-node.sh):
// every client of GET /stream gets retry:, a snapshot, then every PERIOD ms the same update frame,
// encoded once per version and written to each connection in turn. No framework, Node's http only.
//   node bench/node/sse-peer.js PORT PAYLOAD.json [PERIOD_MS]
'use strict';
const http = require('http');
const fs = require('fs');
const [port, payloadFile, period = '10000'] = process.argv.slice(2);
const json = fs.readFileSync(payloadFile, 'utf8').trim(); // the bytes Quotegate serves for the same feed
const clients = new Set();
let version = 1;
const frame = (event) => Buffer.from(`id: ${version}\nevent: ${event}\ndata: ${json}\n\n`);
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.write('retry: 5000\n\n');
  res.write(frame('snapshot'));
  clients.add(res);
  req.on('close', () => clients.delete(res));
}).listen(+port, '127.0.0.1', () => console.log(`sse-peer on ${port}`));
setInterval(() => {
  version++;
  const update = frame('update');
  for (const c of clients) c.write(update);
}, +period);
