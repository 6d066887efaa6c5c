/**
 * Starts ./server.ts as an MCP server over stdio and uses it as a host would, in both protocol eras: lists the
 * tool, calls it with progress, answers the approval form the workflow asks for (MCP elicitation), and checks the
 * structured result. Exits 1 on any mismatch.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const server = fileURLToPath(new URL('./server.ts', import.meta.url));

for (const era of ['legacy', 'modern'] as const) {
  const client = new Client(
    { name: 'serve-workflow-example', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } }, ...(era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {}) },
  );
  const asked: string[] = [];
  // The host shows the form to a person; the example answers for them.
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: { approved: true, comment: `approved over ${era} MCP` } };
  });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [server], stderr: 'pipe' }));
  try {
    assert.equal(client.getProtocolEra(), era);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      ['research-approval'],
    );
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'research-approval', arguments: { topic: 'human in the loop approval', maxSources: 3 } },
      { onprogress: (update) => progress.push(update.progress) },
    );
    assert.equal(result.isError, undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0] ?? '', /Publish this summary/);
    assert.ok(progress.length >= 3, `expected progress notifications, got ${progress.length}`);
    assert.deepEqual(
      {
        status: (result.structuredContent as { status: string }).status,
        comment: (result.structuredContent as { comment: string }).comment,
      },
      { status: 'approved', comment: `approved over ${era} MCP` },
    );
    console.log(`${era}: listed, called with ${progress.length} progress updates, approval elicited, result approved`);
  } finally {
    await client.close();
  }
}
console.log('OK: the workflow served over MCP behaves the same in both eras');
