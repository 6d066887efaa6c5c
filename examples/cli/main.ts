/**
 * The `mcpflow` command on this folder's modules: draws the workflow, then serves server.ts over stdio and uses
 * it through the CLI itself (a temporary mcp.json naming `mcpflow serve` as a server), as a script would: --json
 * output and exit codes. Exits 1 on any mismatch. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../packages/mcpflow/dist/bin/mcpflow.js', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'mcpflow-cli-example-'));
const mcpflow = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: directory, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

try {
  const diagram = mcpflow('diagram', join(here, 'workflows.ts'));
  assert.equal(diagram.status, 0, diagram.stderr);
  assert.match(diagram.stdout, /^flowchart TD/);
  console.log(`diagram: ${diagram.stdout.split('\n').length} lines of Mermaid`);

  writeFileSync(
    join(directory, 'mcp.json'),
    JSON.stringify({ mcpServers: { shop: { command: process.execPath, args: [bin, 'serve', join(here, 'server.ts')] } } }),
  );
  const tools = JSON.parse(mcpflow('tools', '--json').stdout) as { name: string }[];
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ['shop/checkout', 'shop/add', 'shop/refuse'],
  );
  const checkout = mcpflow('call', 'shop/checkout', '--args', '{"item":"apple","quantity":4}', '--json');
  assert.equal(checkout.status, 0, checkout.stderr);
  assert.deepEqual(JSON.parse(checkout.stdout).structuredContent, { summary: '4 × apple', total: 2 });
  const refused = mcpflow('call', 'shop/refuse');
  assert.equal(refused.status, 1, 'an isError result exits 1');
  assert.equal(refused.stdout.trim(), 'out of stock');
  const prices = mcpflow('read', 'shop://prices');
  assert.deepEqual(JSON.parse(prices.stdout), { apple: 0.5, pear: 0.75 });
  console.log('OK: served by `mcpflow serve`, listed, called, refused (exit 1) and read by `mcpflow`');
} finally {
  rmSync(directory, { recursive: true, force: true });
}
