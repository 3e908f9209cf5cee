// Finds and calls the catalog's gRPC service through server reflection alone, with grpc-js-reflection-client (not
// written here, and carrying its own copies of the reflection protocol): no .proto file of this repository is read.
// Prints JSON lines like client.js: {"message": {"services", "methods"}}, {"message": <the call's response>}, then
// {"status": {"code", "details", "metadata"}}.
//
//   node reflect.js --address 127.0.0.1:5191 [--version v1|v1alpha] --method ListAnchorPrograms --request '{...}'
'use strict';
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');
const { print, statusLine } = require('./output');

const SERVICE = 'catalog.v1.CatalogService';

function parseArgs(argv) {
  const args = { version: 'v1', request: '{}' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${name} needs a value`);
    switch (name) {
      case '--address': args.address = value; break;
      case '--version': args.version = value; break;
      case '--method': args.method = value; break;
      case '--request': args.request = value; break;
      default: throw new Error(`unknown argument ${name}`);
    }
  }
  if (!args.address || !args.method) throw new Error('--address and --method are required');
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const credentials = grpc.credentials.createInsecure();
  const reflection = new GrpcReflection(args.address, credentials, {}, args.version);
  try {
    const services = await reflection.listServices();
    const methods = (await reflection.listMethods(SERVICE)).map((m) => m.name);
    print({ message: { services, methods } });
    const descriptor = await reflection.getDescriptorBySymbol(SERVICE);
    const catalog = descriptor.getPackageObject({ keepCase: true, longs: String, enums: String, defaults: true });
    const Service = SERVICE.split('.').reduce((node, part) => node[part], catalog);
    const client = new Service(args.address, credentials);
    client[args.method](JSON.parse(args.request), (error, message) => {
      if (!error) print({ message });
    }).on('status', (status) => {
      print(statusLine(status));
      client.close();
      process.exit(0);
    });
  } catch (error) {
    // A reflection call that failed: its gRPC status, or 2 (UNKNOWN) for anything else.
    print(statusLine({ code: typeof error.code === 'number' ? error.code : 2, details: String(error.details || error.message) }));
    process.exit(0);
  }
}

main();
