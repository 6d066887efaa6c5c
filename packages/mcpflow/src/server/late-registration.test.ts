import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { waitFor } from '../client/test-support/reference-servers.ts';
import { createMcpflowServer } from './create-mcpflow-server.ts';
import { serveHttp } from './serve-http.ts';

describe('registering after serving', () => {
  it('reaches clients already connected, in both eras: they are told, and can list and call it', async () => {
    const server = createMcpflowServer({ name: 'late', version: '1.0.0' }).tool(
      'early',
      { description: 'Registered before serving', input: z.object({}) },
      () => 'early',
    );
    const http = await serveHttp(server);
    const clients: Client[] = [];
    try {
      const told = { legacy: false, modern: false };
      const legacy = new Client({ name: 'legacy', version: '1.0.0' });
      legacy.setNotificationHandler('notifications/tools/list_changed', () => {
        told.legacy = true;
      });
      const modern = new Client({ name: 'modern', version: '1.0.0' }, {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        listChanged: { tools: { debounceMs: 0, onChanged: () => (told.modern = true) } },
      } as never);
      for (const client of [legacy, modern]) {
        await client.connect(new StreamableHTTPClientTransport(http.url));
        clients.push(client);
      }
      expect((await legacy.listTools()).tools.map((tool) => tool.name)).toEqual(['early']);
      server.tool('late', { description: 'Registered while serving', input: z.object({}) }, () => 'late');
      server.notifyListChanged('tools');
      await waitFor(() => told.legacy && told.modern, 10_000, 'list_changed in both eras');
      for (const client of clients) {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['early', 'late']);
        expect((await client.callTool({ name: 'late', arguments: {} })).content).toEqual([{ type: 'text', text: 'late' }]);
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await http.close();
    }
  });
});
