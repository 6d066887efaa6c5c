import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import { everythingServer, waitFor } from '../client/test-support/reference-servers.ts';
import { InputRequestEvent } from '../workflow/built-in-events.ts';
import type { WorkflowEvent } from '../workflow/define-event.ts';
import { createMemorySnapshotStore } from '../workflow/snapshot-store.ts';
import type { WorkflowRun } from '../workflow/workflow-run.ts';
import { SubAgentEvent, ToolApprovalRequestEvent, ToolCallEndEvent } from './agent-events.ts';
import { createAgent } from './create-agent.ts';
import { createAgentHubHandlers } from './create-agent-hub-handlers.ts';
import { scriptedModel, toolResultsIn } from './test-support/scripted-model.ts';

let hub: McpHub;
const handlers = createAgentHubHandlers({ sampling: 'ask' });

beforeAll(async () => {
  hub = createMcpHub({ mcpServers: { everything: everythingServer() } }, { ...handlers });
  await hub.ready;
}, 60_000);

afterAll(async () => {
  await hub.close();
});

/** Reads a run's events, answering each input request with `answer(event)`. */
async function answering(run: WorkflowRun, answer: (event: WorkflowEvent, seen: WorkflowEvent[]) => unknown) {
  const seen: WorkflowEvent[] = [];
  for await (const event of run.events) {
    seen.push(event);
    if (InputRequestEvent.is(event)) await run.respond(event.data.requestId, answer(event, seen));
  }
  return seen;
}

describe('agent human in the loop', () => {
  it('snapshots while waiting for approval and resumes elsewhere without calling the model again', async () => {
    const store = createMemorySnapshotStore();
    const getSum = { toolCalls: [{ toolName: 'everything__get-sum', input: { a: 2, b: 40 } }] };
    const first = scriptedModel([getSum]);
    const agent = createAgent({ name: 'careful', model: first, tools: hub, approval: 'ask' });
    const run = agent.run({ prompt: 'add 2 and 40' }, { snapshotStore: store, runId: 'careful-1' });
    expect(await run.untilWaitingOrEnded()).toBe('waiting');
    const [pending] = run.pendingInputs;
    expect(pending?.schema).toMatchObject({ properties: { approved: { type: 'boolean' } } });
    await run.suspend();
    const saved = await store.load('careful-1');
    expect(saved?.inputs.some((input) => !input.answered)).toBe(true);

    // "Another process": a new agent with the same definition, a fresh model, the snapshot as JSON.
    const second = scriptedModel([{ text: '2 + 40 = 42' }]);
    const again = createAgent({ name: 'careful', model: second, tools: hub, approval: 'ask' });
    const resumed = again.resume(JSON.parse(JSON.stringify(saved)), { snapshotStore: store });
    const events = await answering(resumed, (event, seen) => {
      const approval = seen.find(ToolApprovalRequestEvent.is);
      expect(approval?.data).toMatchObject({ toolName: 'everything__get-sum', input: { a: 2, b: 40 } });
      expect(approval?.data.requestId).toBe((event.data as { requestId: string }).requestId);
      return { approved: true };
    });
    const answer = await resumed.result;
    expect(answer.text).toBe('2 + 40 = 42');
    expect(first.doStreamCalls).toHaveLength(1);
    expect(second.doStreamCalls).toHaveLength(1);
    expect(toolResultsIn(second, 0)).toEqual([
      { toolName: 'everything__get-sum', output: { type: 'text', value: 'The sum of 2 and 40 is 42.' } },
    ]);
    expect(events.find(ToolCallEndEvent.is)?.data.outcome).toBe('success');
    await waitFor(async () => (await store.load('careful-1')) === undefined, 5000, 'the finished run to leave the store');
  });

  it('hands off to another agent: its events are forwarded and its approvals are asked by the outer run', async () => {
    const calculator = createAgent({
      name: 'calculator',
      description: 'Does arithmetic with tools',
      model: scriptedModel([{ toolCalls: [{ toolName: 'everything__get-sum', input: { a: 20, b: 22 } }] }, { text: '42' }]),
      tools: hub,
      approval: 'ask',
    });
    const outerModel = scriptedModel([
      { toolCalls: [{ toolName: 'calculator', input: { prompt: 'add 20 and 22' } }] },
      { text: 'The calculator says 42.' },
    ]);
    const assistant = createAgent({ name: 'assistant', model: outerModel, tools: { calculator: calculator.asTool() } });
    const run = assistant.run({ prompt: 'what is 20 + 22?' });
    const events = await answering(run, (event, seen) => {
      const approval = seen.filter(ToolApprovalRequestEvent.is).at(-1);
      expect(approval?.data.toolName).toBe('calculator/everything__get-sum');
      expect(approval?.data.requestId).toBe((event.data as { requestId: string }).requestId);
      return { approved: true };
    });
    expect((await run.result).text).toBe('The calculator says 42.');
    expect(toolResultsIn(outerModel, 1)).toEqual([{ toolName: 'calculator', output: { type: 'text', value: '42' } }]);
    const inner = events.filter(SubAgentEvent.is).map((event) => event.data.event.type);
    expect(inner).toEqual(expect.arrayContaining(['text-delta', 'tool-call-start', 'tool-call-end']));
  });

  it("routes a server's elicitation into the run as an input request", async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything__trigger-elicitation-request', input: {} }] },
      { text: 'Thanks, Ada.' },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub, hubHandlers: handlers });
    const run = agent.run({ prompt: 'ask me for my details' });
    const asked: string[] = [];
    await answering(run, (event) => {
      asked.push((event.data as { message: string }).message);
      return { name: 'Ada', check: true };
    });
    expect((await run.result).text).toBe('Thanks, Ada.');
    expect(asked).toEqual(['everything: Please provide inputs for the following fields:']);
    const output = JSON.stringify(toolResultsIn(model, 1));
    expect(output).toContain('- Name: Ada');
    expect(output).toContain('- Agreed to terms: true');
  });

  it("answers a server's sampling request with the agent's model after the person allows it", async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything__trigger-sampling-request', input: { prompt: 'say hi', maxTokens: 50 } }] },
      { text: 'Done.' },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub, hubHandlers: handlers });
    const run = agent.run({ prompt: 'try sampling' });
    const asked: string[] = [];
    await answering(run, (event) => {
      asked.push((event.data as { message: string }).message);
      return { approved: true };
    });
    expect((await run.result).text).toBe('Done.');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^everything wants to use the model/);
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(JSON.stringify(toolResultsIn(model, 1))).toContain('sampled by the agent model');
  });

  it.each([
    ['allow', 'sampled by the agent model', 1],
    ['deny', 'the sampling policy is deny', 0],
  ] as const)('sampling policy %s: no question asked, the tool result says so', async (policy, expected, generated) => {
    const own = createAgentHubHandlers({ sampling: policy });
    const ownHub = createMcpHub({ mcpServers: { everything: everythingServer() } }, { ...own });
    try {
      const model = scriptedModel([
        { toolCalls: [{ toolName: 'everything__trigger-sampling-request', input: { prompt: 'say hi', maxTokens: 50 } }] },
        { text: 'Done.' },
      ]);
      const run = createAgent({ name: 'assistant', model, tools: ownHub, hubHandlers: own }).run({ prompt: 'try sampling' });
      const asked = await answering(run, () => ({ approved: true }));
      expect((await run.result).text).toBe('Done.');
      expect(asked.filter(InputRequestEvent.is)).toHaveLength(0);
      expect(model.doGenerateCalls).toHaveLength(generated);
      expect(JSON.stringify(toolResultsIn(model, 1))).toContain(expected);
    } finally {
      await ownHub.close();
    }
  });
});
