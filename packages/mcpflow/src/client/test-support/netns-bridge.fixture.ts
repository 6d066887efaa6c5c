// Runs inside a private network namespace (see isolated-http-server.ts): starts a server that binds all
// interfaces — harmless here, where only this namespace's loopback exists — and relays a Unix socket, which
// crosses namespaces because it lives in the file system, to the server's port. A "restart" line on stdin
// restarts the server; stdin EOF or SIGTERM stops everything.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

const [socketPath, portText, command, ...args] = process.argv.slice(2);
if (socketPath === undefined || portText === undefined || command === undefined) throw new Error('usage: socket port command …');
const port = Number(portText);
let server: ChildProcess | undefined;
const sockets = new Set<Socket>();

const portOpen = () =>
  new Promise<boolean>((resolve) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => resolve(probe.destroy() !== undefined));
    probe.once('error', () => resolve(false));
  });

async function startServer(): Promise<void> {
  server = spawn(command as string, args, { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'ignore'] });
  const deadline = Date.now() + 15_000;
  while (!(await portOpen())) {
    if (Date.now() > deadline) throw new Error('the server did not open its port within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopServer(): Promise<void> {
  const current = server;
  server = undefined;
  if (current?.pid === undefined || current.exitCode !== null) return;
  const exited = new Promise((resolve) => current.once('exit', resolve));
  current.kill('SIGTERM');
  const timer = setTimeout(() => current.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
  for (const socket of sockets) socket.destroy();
}

const relay = createServer((client) => {
  const upstream = connect(port, '127.0.0.1');
  sockets.add(client);
  for (const socket of [client, upstream]) socket.on('error', () => (socket === client ? upstream : client).destroy());
  client.on('close', () => {
    sockets.delete(client);
    upstream.destroy();
  });
  upstream.on('close', () => client.destroy());
  client.pipe(upstream).pipe(client);
});

const stop = async () => {
  await stopServer();
  relay.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());

await startServer();
await new Promise<void>((resolve) => relay.listen(socketPath, resolve));
process.stdout.write('ready\n');
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line !== 'restart') return;
    void stopServer()
      .then(startServer)
      .then(() => process.stdout.write('restarted\n'));
  })
  .on('close', () => void stop());
