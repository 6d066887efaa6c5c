/**
 * Uses two real MCP servers from one config file (the Claude Desktop format) through mcpflow's hub: lists their
 * tools under prefixed names, calls one on each server, finds a tool by describing the task, and checks the answers.
 * Exits 1 on any mismatch.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createMcpHub, loadHubConfig } from 'mcpflow/client';

// mcp.json locates the servers through ${env:MCPFLOW_EXAMPLES}, as a user's config would through their own variables.
process.env.MCPFLOW_EXAMPLES = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const hub = createMcpHub(await loadHubConfig(fileURLToPath(new URL('./mcp.json', import.meta.url))));
try {
  await hub.ready;
  const tools = await hub.listTools();
  console.log(
    `${tools.length} tools from ${hub.servers().length} servers, e.g. ${tools
      .slice(0, 3)
      .map((tool) => tool.name)
      .join(', ')}`,
  );
  const sum = await hub.callTool('everything__get-sum', { a: 2, b: 40 });
  assert.deepEqual(sum.content, [{ type: 'text', text: 'The sum of 2 and 40 is 42.' }]);
  const readme = await hub.callTool('files__read_text_file', { path: fileURLToPath(new URL('./README.md', import.meta.url)) });
  assert.match(JSON.stringify(readme.content), /Use MCP servers/);
  const [best] = await hub.searchTools('add two numbers together', { limit: 3 });
  assert.equal(best?.tool.name, 'everything__get-sum');
  console.log('OK: called a tool on each server and found the right tool by search');
} finally {
  await hub.close();
}
