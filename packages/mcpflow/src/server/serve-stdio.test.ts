import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./test-support/serve-stdio.fixture.ts', import.meta.url));

describe('serveStdio', () => {
  for (const era of ['legacy', 'modern'] as const) {
    it(`serves a workflow to a ${era}-era client: elicitation, progress, structured result`, async () => {
      const client = new Client({ name: 'mcpflow-test', version: '1.0.0' }, {
        capabilities: { elicitation: { form: {} } },
        ...(era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {}),
      } as never);
      const asked: string[] = [];
      client.setRequestHandler('elicitation/create', async (request) => {
        asked.push(String((request.params as { message: string }).message));
        return { action: 'accept', content: { approved: true, reviewer: 'stdio' } };
      });
      const transport = new StdioClientTransport({ command: process.execPath, args: [fixture], stderr: 'pipe' });
      await client.connect(transport);
      try {
        expect(client.getProtocolEra()).toBe(era);
        const progress: number[] = [];
        const result = await client.callTool(
          { name: 'review', arguments: { topic: 'pipes' } },
          { onprogress: (update) => progress.push(update.progress) },
        );
        expect(result.structuredContent).toEqual({ text: 'About pipes', approvedBy: 'stdio' });
        expect(asked).toEqual(['Publish "About pipes"?']);
        expect(progress.length).toBeGreaterThan(0);
      } finally {
        const pid = transport.pid;
        await client.close();
        if (pid !== null && pid !== undefined) {
          for (let tries = 0; tries < 100 && isAlive(pid); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
          expect(isAlive(pid)).toBe(false);
        }
      }
    });
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
