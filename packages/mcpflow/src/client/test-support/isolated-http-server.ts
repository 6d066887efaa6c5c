import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Whether this machine lets us make a private network namespace (root, or user namespaces enabled). */
export const canIsolateNetwork: boolean =
  process.platform === 'linux' && spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;

/** A server running in its own network namespace, reachable from here at `baseUrl`. */
export interface IsolatedHttpServer {
  /** `http://127.0.0.1:<port>` on this side. */
  baseUrl: string;
  /** The bridge process's id (the server is its child, inside the namespace). */
  pid: number;
  /** Stops the server and starts it again (new process, same port): sessions are gone. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const bridgeScript = fileURLToPath(new URL('./netns-bridge.fixture.ts', import.meta.url));

/**
 * Starts `command args` with `PORT=port` inside `unshare -n` (it may bind every interface: the namespace has only
 * its own loopback), and relays a local loopback port to it through a Unix socket.
 */
export async function startIsolatedHttpServer(
  command: string,
  args: readonly string[],
  port = 3001,
): Promise<IsolatedHttpServer> {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-netns-'));
  const socketPath = join(directory, 'relay.sock');
  const child: ChildProcess = spawn(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      'ip link set lo up && exec "$0" "$@"',
      process.execPath,
      bridgeScript,
      socketPath,
      String(port),
      command,
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const nextLine = (expected: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${expected}" from the namespace bridge within 20 s`)), 20_000);
      const onExit = (code: number | null) => reject(new Error(`the namespace bridge exited with ${code}`));
      child.once('exit', onExit);
      const onLine = (line: string) => {
        if (line !== expected) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        lines.off('line', onLine);
        resolve();
      };
      lines.on('line', onLine);
    });
  await nextLine('ready');

  const sockets = new Set<Socket>();
  const forwarder: Server = createServer((client) => {
    const upstream = connect(socketPath);
    sockets.add(client);
    for (const socket of [client, upstream]) socket.on('error', () => (socket === client ? upstream : client).destroy());
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const address = forwarder.address();
  const localPort = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    baseUrl: `http://127.0.0.1:${localPort}`,
    pid: child.pid as number,
    async restart() {
      for (const socket of sockets) socket.destroy();
      const restarted = nextLine('restarted');
      child.stdin?.write('restart\n');
      await restarted;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => forwarder.close(resolve));
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
