// A throwaway PostgreSQL from the machine's binaries on a free loopback port, as tests/Testing starts it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.mjs';

const run = promisify(execFile);

function binaries() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter(v => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL binaries not found: apt-get install -y postgresql, or set PG_BIN.');
  return join(root, versions[0], 'bin');
}

export async function startPostgres() {
  const bin = binaries();
  const dataDir = mkdtempSync(join(tmpdir(), 'console-pg-'));
  const asRoot = userInfo().uid === 0;
  // initdb refuses to run as root: the server runs as the postgres user, which must own its folder.
  const exec = (file, args) => asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args]) : run(join(bin, file), args);
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dataDir]);
  await exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const settings = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  await exec('pg_ctl', ['-D', dataDir, '-o', settings, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    connectionString: `Host=127.0.0.1;Port=${port};Username=postgres;Database=postgres`,
    async stop() {
      await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
