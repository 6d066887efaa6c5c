// Runs an stdio MCP server as a child and copies every line its client sends into a file, so a test can prove
// what reached the server (notifications/cancelled, say). Usage: tap-stdio.fixture.ts <record-file> <command> [args…]
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const [record, command, ...args] = process.argv.slice(2);
if (record === undefined || command === undefined) throw new Error('usage: tap-stdio.fixture.ts <record-file> <command> [args…]');
const child = spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'] });
process.stdin.on('data', (chunk: Buffer) => {
  appendFileSync(record, chunk);
  child.stdin.write(chunk);
});
process.stdin.on('end', () => child.stdin.end());
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
