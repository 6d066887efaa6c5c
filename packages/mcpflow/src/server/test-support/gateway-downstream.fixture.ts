// Run as a child process by the gateway tests: the review server over stdio, plus a tool that fails the way a
// tool may (an isError result with structured detail) and one that enables another tool, announcing it.
import * as z from 'zod';
import { serveStdio } from '../serve-stdio.ts';
import { createReviewServer } from './review-server.fixture.ts';

const server = createReviewServer()
  .tool('fail', { description: 'Always reports a tool error', input: z.object({}) }, () => ({
    isError: true,
    content: [{ type: 'text', text: 'the disk is full' }],
    structuredContent: { reason: 'disk-full' },
  }))
  .use((instance) => {
    const grown = instance.registerTool('grown', { description: 'Enabled by grow' }, async () => ({
      content: [{ type: 'text', text: 'grown' }],
    }));
    grown.disable();
    // Enabling sends notifications/tools/list_changed on this connection.
    instance.registerTool('grow', { description: 'Enables the tool `grown`' }, async () => {
      grown.enable();
      return { content: [{ type: 'text', text: 'grew' }] };
    });
  });

serveStdio(server);
