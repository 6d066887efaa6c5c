import { describe, expect, it } from 'vitest';
import { createMcpHub } from './create-mcp-hub.ts';
import { everythingServer } from './test-support/reference-servers.ts';

describe('deliverProgressFirst', () => {
  it("keeps a server's last progress notification, which arrives right before the result", async () => {
    const hub = createMcpHub({ mcpServers: { everything: everythingServer() } }, { reconnect: false });
    try {
      await hub.ready;
      // Without the fix the SDK dropped the last notification in most of these calls.
      for (let call = 0; call < 5; call += 1) {
        const progress: number[] = [];
        await hub.callTool(
          'everything__trigger-long-running-operation',
          { duration: 0.1, steps: 2 },
          { onProgress: (update) => progress.push(update.progress) },
        );
        expect(progress).toEqual([1, 2]);
      }
    } finally {
      await hub.close();
    }
  });
});
