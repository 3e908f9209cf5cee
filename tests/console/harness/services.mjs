// The built services as real processes (dotnet <Service>.dll), each on free loopback ports, every setting decided
// here: nothing from the developer's or CI's shell leaks in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './eventually.mjs';
import { freePort } from './ports.mjs';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dropped = ['OTEL_', 'ConnectionStrings__', 'Tencent__', 'Catalog__', 'Ingest__', 'EventLog__', 'Kestrel__', 'Logging__', 'ASPNETCORE_', 'DOTNET_URLS', 'Urls'];

function built(folder, assembly) {
  const directory = join(repositoryRoot, 'services', folder, 'bin', 'Release', 'net10.0');
  const dll = join(directory, `${assembly}.dll`);
  if (!existsSync(dll)) throw new Error(`${dll} is missing: build the solution first (dotnet build Catalog.sln -c Release).`);
  return { directory, dll };
}

function start(folder, assembly, environment) {
  const { directory, dll } = built(folder, assembly);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !dropped.some(prefix => key.toLowerCase().startsWith(prefix.toLowerCase()))));
  Object.assign(env, { ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_NOLOGO: '1', ...environment });
  const child = spawn('dotnet', [dll], { cwd: directory, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = chunk => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', code => (exited = code));
  return {
    output,
    get exited() { return exited; },
    async stop() {
      if (exited !== null) return;
      const done = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await done;
      clearTimeout(timer);
    },
  };
}

async function ready(service, base, name) {
  await eventually(async () => {
    if (service.exited !== null) throw new Error(`${name} exited with ${service.exited}:\n${service.output.join('\n')}`);
    const response = await fetch(`${base}/readyz`);
    return response.ok;
  }, { timeout: 60000, interval: 200, what: `${name} ready` }).catch(error => {
    throw new Error(`${error.message}\n${service.output.slice(-40).join('\n')}`);
  });
}

/** Starts ingest and catalog on one database; editors are name → key. */
export async function startServices({ connectionString, editors, callbackKey }) {
  built('catalog', 'Catalog');
  built('ingest', 'Ingest');
  const [rest, grpc, ingestPort] = [await freePort(), await freePort(), await freePort()];
  const editorSettings = Object.fromEntries(Object.entries(editors).map(([name, key]) => [`Catalog__Editors__${name}__Key`, key]));
  const catalog = start('catalog', 'Catalog', {
    ConnectionStrings__Catalog: connectionString,
    Kestrel__Endpoints__Rest__Url: `http://127.0.0.1:${rest}`,
    Kestrel__Endpoints__Grpc__Url: `http://127.0.0.1:${grpc}`,
    Kestrel__Endpoints__Grpc__Protocols: 'Http2',
    ...editorSettings,
  });
  const ingest = start('ingest', 'Ingest', {
    ConnectionStrings__Catalog: connectionString,
    Urls: `http://127.0.0.1:${ingestPort}`,
    Tencent__CallbackKey: callbackKey,
  });
  const services = {
    catalogUrl: `http://127.0.0.1:${rest}`,
    ingestUrl: `http://127.0.0.1:${ingestPort}`,
    async stop() {
      await Promise.all([catalog.stop(), ingest.stop()]);
    },
  };
  try {
    await Promise.all([ready(catalog, services.catalogUrl, 'catalog'), ready(ingest, services.ingestUrl, 'ingest')]);
  } catch (error) {
    await services.stop();
    throw error;
  }
  return services;
}
