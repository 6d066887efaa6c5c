// Run as a child process by the tool search tests: an SDK v2 server over stdio with 300 similar tools, a catalog far
// over any sensible schema budget.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';

const regions = ['north', 'south', 'east', 'west', 'central'];

function buildCatalogServer(): McpServer {
  const server = new McpServer({ name: 'mcpflow-large-catalog', version: '1.0.0' });
  for (let index = 0; index < 300; index += 1) {
    const region = regions[index % regions.length];
    server.registerTool(
      `stock-level-${index}`,
      {
        description: `Stock level of product line ${index} in the ${region} warehouse`,
        inputSchema: z.object({ sku: z.string().describe('Product SKU') }),
      },
      async ({ sku }) => ({ content: [{ type: 'text', text: `line ${index}, ${sku}: ${index * 3} units` }] }),
    );
  }
  return server;
}

serveStdio(buildCatalogServer);
