// Calls the catalog's gRPC service with @grpc/grpc-js, the way any Node consumer would, and prints what came back
// as JSON lines: {"message": ...} per response message, then {"status": {"code", "details", "metadata"}}.
// The C# tests run it and assert on its output. Exit code 0 means a status was received; 2 means bad arguments.
//
//   node client.js --address 127.0.0.1:5191 --method GetProgram --request '{"id":"..."}'
//     [--deadline-ms 500] [--metadata key=value]... [--max-messages 2] [--gzip] [--proto path]
'use strict';
const path = require('path');
const readline = require('readline');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { print, statusLine } = require('./output');

function parseArgs(argv) {
  const args = { metadata: [], request: '{}', gzip: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '--address': args.address = value(); break;
      case '--method': args.method = value(); break;
      case '--request': args.request = value(); break;
      case '--deadline-ms': args.deadlineMs = Number(value()); break;
      case '--metadata': args.metadata.push(value()); break;
      case '--max-messages': args.maxMessages = Number(value()); break;
      case '--gzip': args.gzip = true; break;
      case '--proto': args.proto = value(); break;
      default: throw new Error(`unknown argument ${name}`);
    }
  }
  if (!args.address || !args.method) throw new Error('--address and --method are required');
  return args;
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const protoPath = args.proto || path.join(__dirname, '..', '..', 'services', 'catalog', 'Protos', 'catalog', 'v1', 'catalog.proto');
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [path.dirname(path.dirname(path.dirname(protoPath)))],
  });
  const CatalogService = grpc.loadPackageDefinition(definition).catalog.v1.CatalogService;
  const options = args.gzip ? { 'grpc.default_compression_algorithm': 2 } : {};
  const client = new CatalogService(args.address, grpc.credentials.createInsecure(), options);
  const method = client[args.method];
  if (typeof method !== 'function') {
    process.stderr.write(`no method ${args.method}\n`);
    process.exit(2);
  }

  const metadata = new grpc.Metadata();
  for (const pair of args.metadata) {
    const at = pair.indexOf('=');
    metadata.add(pair.slice(0, at), pair.slice(at + 1));
  }
  const callOptions = {};
  if (args.deadlineMs) callOptions.deadline = new Date(Date.now() + args.deadlineMs);
  const request = JSON.parse(args.request);
  // Pipes are written synchronously on Linux, so exiting right after the status line loses nothing.
  const done = () => { client.close(); process.exit(0); };

  if (method.responseStream) {
    const call = method.call(client, request, metadata, callOptions);
    let received = 0;
    call.on('data', (message) => {
      print({ message });
      received++;
      if (args.maxMessages && received >= args.maxMessages) call.cancel();
    });
    call.on('status', (status) => { print(statusLine(status)); done(); });
    call.on('error', () => { /* the status event reports it */ });
    // A line on stdin (or its end) cancels the call, so a test can stop watching whenever it likes.
    readline.createInterface({ input: process.stdin }).on('close', () => call.cancel());
  } else {
    method.call(client, request, metadata, callOptions, (error, message) => {
      if (!error) print({ message });
    }).on('status', (status) => { print(statusLine(status)); done(); });
  }
}

main();
