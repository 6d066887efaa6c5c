/**
 * A gateway: the MCP servers of a config file (here server-everything over stdio) behind one mcpflow server over
 * HTTP, next to a tool of its own. A client of each protocol era lists the tools, calls one with progress, and
 * answers the form the downstream server asks for through the gateway. Exits 1 on any mismatch.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { loadHubConfig } from 'mcpflow/client';
import { createGateway, serveHttp } from 'mcpflow/server';
import * as z from 'zod';

process.env.MCPFLOW_EXAMPLES = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const gateway = createGateway(await loadHubConfig(fileURLToPath(new URL('./mcp.json', import.meta.url))), {
  name: 'gateway',
  version: '1.0.0',
  mount: { exclude: ['*toggle*'] },
});
gateway.server.tool('whoami', { description: 'Names the gateway', input: z.object({}) }, () => 'the mcpflow gateway');
await gateway.hub.ready;
const http = await serveHttp(gateway.server); // http://127.0.0.1:<free port>/mcp

try {
  for (const era of ['modern', 'legacy'] as const) {
    const client = new Client(
      { name: 'gateway-example', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, ...(era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {}) },
    );
    // The host shows server-everything's form to a person; the example answers for them.
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: `Ada (${era})` } }));
    await client.connect(new StreamableHTTPClientTransport(http.url));
    try {
      assert.equal(client.getProtocolEra(), era);
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      assert.ok(names.includes('everything__echo') && names.includes('whoami'), names.join(', '));
      assert.ok(!names.some((name) => name.includes('toggle')));
      const progress: number[] = [];
      const done = await client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.2, steps: 2 } },
        { onprogress: (update) => progress.push(update.progress) },
      );
      assert.match(JSON.stringify(done.content), /Long running operation completed/);
      assert.deepEqual(progress, [1, 2]);
      const form = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
      assert.match(JSON.stringify(form.content), new RegExp(`Name: Ada \\(${era}\\)`));
      console.log(`${era}: ${names.length} tools through the gateway; progress ${progress.join(', ')}; form answered`);
    } finally {
      await client.close();
    }
  }
  console.log('OK: listed, called with progress and answered a downstream form through the gateway, both eras');
} finally {
  await http.close();
  await gateway.close();
}
