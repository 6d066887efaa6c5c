import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import { everythingServer, fixtureServer, waitFor } from '../client/test-support/reference-servers.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { WorkflowEvent } from '../workflow/define-event.ts';
import { TextDeltaEvent, ToolCallEndEvent, ToolCallProgressEvent, ToolCallStartEvent } from './agent-events.ts';
import { createAgent } from './create-agent.ts';
import { createChatSession } from './create-chat-session.ts';
import { scriptedModel, toolResultsIn } from './test-support/scripted-model.ts';

let hub: McpHub;

beforeAll(async () => {
  hub = createMcpHub({ mcpServers: { everything: everythingServer(), fixture: fixtureServer() } });
  await hub.ready;
}, 60_000);

afterAll(async () => {
  await hub.close();
});

async function drain(events: AsyncIterable<WorkflowEvent>): Promise<WorkflowEvent[]> {
  const seen: WorkflowEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('agent over server-everything', () => {
  it('runs parallel tool calls, streams them, and gives the model every result in order', async () => {
    const model = scriptedModel([
      {
        text: 'Let me check. ',
        toolCalls: [
          { toolName: 'everything__get-sum', input: { a: 2, b: 40 } },
          { toolName: 'everything__echo', input: { message: 'hi' } },
        ],
      },
      { text: 'The sum is 42.' },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub });
    const run = agent.run({ prompt: 'add 2 and 40, and echo hi' });
    const events = await drain(run.events);
    const answer = await run.result;
    expect(answer.text).toBe('The sum is 42.');
    expect(answer.finishReason).toBe('stop');
    expect(answer.steps).toBe(2);
    const kinds = events.filter((event) => ToolCallStartEvent.is(event) || ToolCallEndEvent.is(event)).map((event) => event.type);
    // Both calls started before either finished: they ran at once.
    expect(kinds).toEqual(['tool-call-start', 'tool-call-start', 'tool-call-end', 'tool-call-end']);
    const ends = events.filter(ToolCallEndEvent.is).map((event) => [event.data.toolName, event.data.outcome, event.data.summary]);
    expect(ends).toEqual(
      expect.arrayContaining([
        ['everything__get-sum', 'success', 'The sum of 2 and 40 is 42.'],
        ['everything__echo', 'success', 'Echo: hi'],
      ]),
    );
    expect(toolResultsIn(model, 1)).toEqual([
      { toolName: 'everything__get-sum', output: { type: 'text', value: 'The sum of 2 and 40 is 42.' } },
      { toolName: 'everything__echo', output: { type: 'text', value: 'Echo: hi' } },
    ]);
    expect(
      events
        .filter(TextDeltaEvent.is)
        .map((event) => event.data.text)
        .join(''),
    ).toBe('Let me check. The sum is 42.');
    expect(answer.turnMessages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
  });

  it('hands a tool error (isError) back to the model instead of failing the run', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything__get-resource-reference', input: { resourceType: 'Text', resourceId: 1.5 } }] },
      { text: 'That id does not work.' },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub });
    const run = agent.run({ prompt: 'fetch resource 1.5' });
    const events = await drain(run.events);
    expect((await run.result).text).toBe('That id does not work.');
    const [result] = toolResultsIn(model, 1);
    expect(result?.output).toMatchObject({ type: 'error-text' });
    expect(JSON.stringify(result?.output)).toMatch(/positive integer/);
    expect(events.find(ToolCallEndEvent.is)?.data.outcome).toBe('error');
  });

  it('answers unknown tools and unparsable input with errors, in the same tool message, and goes on', async () => {
    const model = scriptedModel([
      {
        toolCalls: [
          { toolName: 'no-such-tool', input: {} },
          { toolName: 'everything__echo', rawInput: '{not json' },
          { toolName: 'everything__echo', input: { message: 'ok' } },
        ],
      },
      { toolCalls: [{ toolName: 'no-such-tool', input: {} }] },
      { text: 'recovered' },
    ]);
    const run = createAgent({ name: 'assistant', model, tools: hub }).run({ prompt: 'go' });
    const events = await drain(run.events);
    expect((await run.result).text).toBe('recovered');
    expect(model.doStreamCalls).toHaveLength(3);
    const second = model.doStreamCalls[1]?.prompt ?? [];
    expect(second.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(toolResultsIn(model, 1).map((result) => (result.output as { type: string }).type)).toEqual([
      'error-text',
      'error-text',
      'text',
    ]);
    expect(events.filter(ToolCallEndEvent.is).map((event) => event.data.outcome)).toEqual(['error', 'error', 'success', 'error']);
  });

  it('tells the model when a person denies a tool call, and does not run it', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'everything__echo', input: { message: 'secret' } }] },
      { text: 'Understood, I will not.' },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub, approval: { 'everything__get-*': 'allow', '*': 'ask' } });
    const run = agent.run({ prompt: 'echo secret' });
    const events: WorkflowEvent[] = [];
    for await (const event of run.events) {
      events.push(event);
      if (event.type === 'tool-approval-request') {
        const { requestId, toolName } = event.data as { requestId: string; toolName: string };
        expect(toolName).toBe('everything__echo');
        expect(run.pendingInputs.map((pending) => pending.requestId)).toEqual([requestId]);
        await run.respond(requestId, { approved: false, reason: 'not today' });
      }
    }
    expect((await run.result).text).toBe('Understood, I will not.');
    expect(toolResultsIn(model, 1)).toEqual([
      { toolName: 'everything__echo', output: { type: 'execution-denied', reason: 'not today' } },
    ]);
    expect(events.find(ToolCallEndEvent.is)?.data.outcome).toBe('denied');
  });

  it('gives the model images as file parts and structured results as JSON', async () => {
    const script = () => [
      {
        toolCalls: [
          { toolName: 'everything__get-tiny-image', input: {} },
          { toolName: 'everything__get-structured-content', input: { location: 'New York' } },
        ],
      },
      { text: 'ok' },
    ];
    const model = scriptedModel(script());
    await createAgent({ name: 'assistant', model, tools: hub }).run({ prompt: 'show me' }).result;
    const [image, weather] = toolResultsIn(model, 1);
    const parts = (image?.output as { value?: { type: string; mediaType?: string }[] } | undefined)?.value;
    expect(image?.output).toMatchObject({ type: 'content' });
    expect(parts).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'file', mediaType: 'image/png' })]));
    expect(weather?.output).toEqual({ type: 'json', value: { temperature: 33, conditions: 'Cloudy', humidity: 82 } });

    const textOnly = scriptedModel(script());
    await createAgent({ name: 'assistant', model: textOnly, tools: hub, toolMedia: 'text' }).run({ prompt: 'show me' }).result;
    const described = JSON.stringify(toolResultsIn(textOnly, 1)[0]?.output);
    expect(toolResultsIn(textOnly, 1)[0]?.output).toMatchObject({ type: 'text' });
    expect(described).toMatch(/\[image: image\/png, [0-9.]+ k?B, not shown\]/);
    expect(described).not.toContain('iVBOR');
  });

  it('stops at maxSteps, leaving the last calls unrun but answered', async () => {
    const model = scriptedModel([{ text: 'again', toolCalls: [{ toolName: 'everything__echo', input: { message: 'loop' } }] }]);
    const agent = createAgent({ name: 'assistant', model, tools: hub, maxSteps: 2 });
    const run = agent.run({ prompt: 'loop forever' });
    const events = await drain(run.events);
    const answer = await run.result;
    expect(answer.finishReason).toBe('max-steps');
    expect(answer.steps).toBe(2);
    expect(model.doStreamCalls).toHaveLength(2);
    expect(events.filter(ToolCallEndEvent.is).map((event) => event.data.outcome)).toEqual(['success', 'skipped']);
    // The conversation stays valid for a next turn: the unrun call has a result too.
    expect(answer.turnMessages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool']);
  });

  it('cancels a running tool call: the run rejects with CANCELLED and the server sees the cancellation', async () => {
    const model = scriptedModel([
      {
        toolCalls: [
          { toolName: 'everything__trigger-long-running-operation', input: { duration: 30, steps: 30 } },
          { toolName: 'fixture__hang', input: {} },
        ],
      },
    ]);
    const agent = createAgent({ name: 'assistant', model, tools: hub });
    const run = agent.run({ prompt: 'take your time' });
    const startedAt = Date.now();
    const progress: WorkflowEvent[] = [];
    await expect(async () => {
      for await (const event of run.events) {
        if (!ToolCallProgressEvent.is(event)) continue;
        progress.push(event);
        run.cancel('the person pressed Ctrl-C');
      }
    }).rejects.toThrow('the person pressed Ctrl-C');
    expect(progress[0]?.data).toMatchObject({ toolName: 'everything__trigger-long-running-operation', progress: 1, total: 30 });
    await expect(run.result).rejects.toSatisfy((error) => McpflowError.isInstance(error, 'CANCELLED'));
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    await waitFor(
      async () => {
        const stats = await hub.callTool('fixture__stats', {});
        return JSON.parse((stats.content[0] as { text: string }).text).cancelled >= 1;
      },
      10_000,
      'the fixture server to see the cancellation',
    );
  });

  it('carries a chat across turns, and keeps a valid conversation after a turn is cancelled mid-tool', async () => {
    const model = scriptedModel([
      { text: 'Hello! ' },
      { toolCalls: [{ toolName: 'fixture__hang', input: {} }] },
      (options) => ({ text: `I see ${options.prompt.length} messages.` }),
    ]);
    const chat = createChatSession(createAgent({ name: 'assistant', model, tools: hub }));
    expect((await chat.send('hi').result).text).toBe('Hello! ');
    const second = chat.send('wait for something');
    await expect(async () => {
      for await (const event of second.events) if (ToolCallStartEvent.is(event)) second.cancel('Ctrl-C');
    }).rejects.toThrow('Ctrl-C');
    await second.result.catch(() => undefined);
    const third = await chat.send('never mind').result;
    const prompt = model.doStreamCalls[2]?.prompt ?? [];
    expect(prompt.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'user']);
    expect(JSON.stringify(prompt[4])).toContain('interrupted');
    expect(third.text).toBe('I see 6 messages.');
    expect(chat.messages).toHaveLength(7);
  });
});
