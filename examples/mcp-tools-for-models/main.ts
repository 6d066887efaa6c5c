/**
 * MCP tools from the reference server-everything, handed on three ways: as an AI SDK tool set to `generateText`
 * (with a scripted model, so no API key is needed), as OpenAI strict-mode function definitions whose arguments
 * round-trip back to a real call, and to a workflow step that streams the tool's progress. Exits 1 on any mismatch.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { createWorkflow, defineEvent, ProgressEvent } from 'mcpflow';
import { callToolFromStep, createMcpHub, fromModelArguments, toOpenAiChatTools } from 'mcpflow/client';
import { toAiSdkTools } from 'mcpflow/client/ai';
import * as z from 'zod';

const everything = fileURLToPath(import.meta.resolve('@modelcontextprotocol/server-everything/dist/index.js'));
const hub = createMcpHub({ mcpServers: { everything: { command: process.execPath, args: [everything, 'stdio'] } } });
try {
  // 1. The AI SDK: the model asks for get-sum, the hub runs it, the model reads the result.
  const usage = {
    inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  };
  const model = new MockLanguageModelV4({
    doGenerate: [
      {
        content: [{ type: 'tool-call', toolCallId: '1', toolName: 'everything__get-sum', input: '{"a":2,"b":40}' }],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
      { content: [{ type: 'text', text: 'It is 42.' }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] },
    ],
  });
  const result = await generateText({ model, tools: await toAiSdkTools(hub), stopWhen: stepCountIs(3), prompt: '2 + 40?' });
  const output = result.steps[0]?.toolResults[0]?.output as { content: { text: string }[] };
  assert.equal(output.content[0]?.text, 'The sum of 2 and 40 is 42.');
  console.log(`AI SDK: ${result.steps.length} steps, tool said "${output.content[0]?.text}", model said "${result.text}"`);

  // 2. OpenAI strict mode: every property required, optional ones nullable; fromModelArguments undoes the nulls.
  const tools = await hub.listTools();
  const definitions = toOpenAiChatTools(tools, { strict: true });
  const operation = tools.find((tool) => tool.name === 'everything__trigger-long-running-operation');
  assert.ok(operation !== undefined);
  const strictCount = definitions.filter((definition) => definition.function.strict).length;
  console.log(`OpenAI: ${definitions.length} function definitions, ${strictCount} in strict mode`);
  const args = fromModelArguments(operation.inputSchema, '{"duration":0.3,"steps":null}');
  assert.deepEqual(args, { duration: 0.3 });

  // 3. A workflow step calls the same tool: cancelled with the run, its progress streamed as the step's.
  const Start = defineEvent('start', z.object({}));
  const Done = defineEvent('done', z.object({ text: z.string() }));
  const workflow = createWorkflow({ name: 'long-operation', start: Start, stop: Done })
    .step('operate', { on: [Start], emits: [Done] }, async (_event, context) => {
      const called = await callToolFromStep(hub, context, operation.name, { duration: 0.6, steps: 3 });
      const [first] = called.content;
      return Done.create({ text: first?.type === 'text' ? first.text : '' });
    })
    .build();
  const run = workflow.run({});
  const progress: number[] = [];
  for await (const event of run.events) if (ProgressEvent.is(event)) progress.push(event.data.progress);
  const done = await run.result;
  assert.match(done.text, /Long running operation completed/);
  assert.ok(progress.length >= 2, `expected progress events, got ${progress.length}`);
  console.log(`Workflow: ${progress.length} progress events (${progress.map((value) => value.toFixed(2)).join(', ')})`);
  console.log('OK: AI SDK tools, OpenAI definitions and a workflow step all reached server-everything');
} finally {
  await hub.close();
}
