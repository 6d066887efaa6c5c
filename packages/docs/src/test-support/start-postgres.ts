import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL server on 127.0.0.1. */
export interface TestPostgres {
  url: string;
  /** Stops the server by its PID and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL 15 from the Debian packages (`apt-get install postgresql`) in a temporary directory, on a free
 * port on 127.0.0.1 only, as user `postgres` when running as root (PostgreSQL refuses root). Returns why not instead
 * when it cannot: callers must say so loudly and skip.
 */
export async function startPostgres(): Promise<TestPostgres | { unavailable: string }> {
  const bin = process.env.MCPFLOW_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  if (!existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'postgres')))
    return { unavailable: `no PostgreSQL server binaries in ${bin} (apt-get install -y postgresql)` };
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-pg-'));
  const data = join(directory, 'data');
  try {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      await chown(directory, Number(stdout.trim()), Number(group.trim()));
    }
    const port = await freePort();
    const command = (file: string, args: string[]) =>
      run(prefix[0] ?? join(bin, file), [...prefix.slice(1), ...(prefix.length > 0 ? [join(bin, file)] : []), ...args], {
        timeout: 60_000,
      });
    await command('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--locale=C']);
    await command('pg_ctl', [
      '-D',
      data,
      '-l',
      join(directory, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          process.kill(pid, 'SIGINT'); // fast shutdown
          for (let attempt = 0; attempt < 100 && isAlive(pid); attempt += 1) await new Promise((done) => setTimeout(done, 100));
          if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = await readFile(join(directory, 'log'), 'utf8').catch(() => '');
    await rm(directory, { recursive: true, force: true });
    return { unavailable: `PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)} ${log}`.trim() };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (for servers that cannot bind port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
