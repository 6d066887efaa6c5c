import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { ProgressEvent } from '../../workflow/built-in-events.ts';
import { createWorkflow } from '../../workflow/create-workflow.ts';
import { defineEvent, type WorkflowEvent } from '../../workflow/define-event.ts';
import { createMcpHub } from '../create-mcp-hub.ts';
import type { McpHub } from '../mcp-hub.ts';
import { everythingServer, fixtureServer, waitFor } from '../test-support/reference-servers.ts';
import { callToolFromStep } from './call-tool-from-step.ts';

const Start = defineEvent('start', z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()) }));
const Stop = defineEvent('stop', z.object({ text: z.string() }));

let hub: McpHub;

beforeAll(async () => {
  hub = createMcpHub({ mcpServers: { everything: everythingServer(), fixture: fixtureServer() } });
  await hub.ready;
});

afterAll(async () => {
  await hub?.close();
});

const workflow = createWorkflow({ name: 'call-a-tool', start: Start, stop: Stop })
  .step('call', { on: [Start], emits: [Stop] }, async (event, context) => {
    const result = await callToolFromStep(hub, context, event.data.tool, event.data.args);
    const [first] = result.content;
    return Stop.create({ text: first?.type === 'text' ? first.text : '' });
  })
  .build();

async function cancelledCount(): Promise<number> {
  const [block] = (await hub.callTool('fixture__stats')).content;
  return (JSON.parse(block?.type === 'text' ? block.text : '{}') as { cancelled: number }).cancelled;
}

describe('callToolFromStep', () => {
  it("streams the server's progress as the step's progress", async () => {
    const run = workflow.run({ tool: 'everything__trigger-long-running-operation', args: { duration: 0.6, steps: 3 } });
    const seen: WorkflowEvent[] = [];
    for await (const event of run.events) seen.push(event);
    expect((await run.result).text).toContain('Long running operation completed');
    const progress = seen.filter((event) => ProgressEvent.is(event)).map((event) => event.data);
    // The last notification races the result inside the SDK, so only the first two are certain.
    expect(progress.map((entry) => [entry.step, entry.progress]).slice(0, 2)).toEqual([
      ['call', 1 / 3],
      ['call', 2 / 3],
    ]);
  });

  it('cancels the MCP request when the run is cancelled', async () => {
    const before = await cancelledCount();
    const run = workflow.run({ tool: 'fixture__hang', args: {} });
    setTimeout(() => run.cancel('enough'), 300);
    const error = await run.result.catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error, 'CANCELLED')).toBe(true);
    await waitFor(async () => (await cancelledCount()) === before + 1, 5000, 'the server to see the cancellation');
  });
});
