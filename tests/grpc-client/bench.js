// Measures unary calls through @grpc/grpc-js against a running catalog and prints the figures:
//   node bench.js --address 127.0.0.1:5191 --method GetFeed --request '{"feed_id":"best-of"}' [--calls 5000] [--concurrency 32]
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = { calls: 5000, concurrency: 32, request: '{}' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
const protoPath = path.join(__dirname, '..', '..', 'services', 'catalog', 'Protos', 'catalog', 'v1', 'catalog.proto');
const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, defaults: true, includeDirs: [path.join(__dirname, '..', '..', 'services', 'catalog', 'Protos')] });
const Service = grpc.loadPackageDefinition(definition).catalog.v1.CatalogService;
const client = new Service(args.address, grpc.credentials.createInsecure());
const request = JSON.parse(args.request);
const total = Number(args.calls);
const latencies = [];
let started = 0;
let failed = 0;

function one() {
  if (started >= total) return Promise.resolve();
  started++;
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => client[args.method](request, (error) => {
    if (error) failed++;
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    resolve();
  })).then(one);
}

(async () => {
  await new Promise((resolve, reject) => client.waitForReady(Date.now() + 5000, (e) => (e ? reject(e) : resolve())));
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Number(args.concurrency) }, one));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  console.log(`${args.method}: ${total} calls (${failed} failed), concurrency ${args.concurrency}, ${seconds.toFixed(2)} s, ` +
    `${(total / seconds).toFixed(0)} calls/s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  client.close();
})().catch((e) => { console.error(e.message); process.exit(1); });
