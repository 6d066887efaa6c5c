/**
 * An agent over a real MCP server, rendered the way a terminal chat renders it: streamed text, tool calls as they
 * start and end, and an approval prompt for the tools the policy says to ask about (answered here by code). The model is
 * `ai/test`'s scripted mock, so the example runs offline; put `await resolveModel('openai:gpt-4.1')` in its place
 * for a real one. Exits 1 when the output is wrong.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';
import {
  createAgent,
  InputRequestEvent,
  TextDeltaEvent,
  ToolApprovalRequestEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from 'mcpflow/agent';
import { createMcpHub, loadHubConfig } from 'mcpflow/client';

// Two model turns: ask for two tools at once, then answer from their results.
const usage = {
  inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 7, text: 7, reasoning: 0 },
};
const turns = [
  [
    { type: 'tool-call', toolCallId: 'sum', toolName: 'everything__get-sum', input: '{"a":2,"b":40}' },
    { type: 'tool-call', toolCallId: 'echo', toolName: 'everything__echo', input: '{"message":"hello"}' },
    { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: undefined } },
  ],
  [
    { type: 'text-start', id: 'answer' },
    { type: 'text-delta', id: 'answer', delta: '2 + 40 is 42, ' },
    { type: 'text-delta', id: 'answer', delta: 'and the server says hello.' },
    { type: 'text-end', id: 'answer' },
    { type: 'finish', usage, finishReason: { unified: 'stop', raw: undefined } },
  ],
] as const;
let turn = 0;
const model = new MockLanguageModelV4({
  doStream: async () => ({ stream: convertArrayToReadableStream([...(turns[turn++] ?? turns[1])]) }),
});

process.env.MCPFLOW_EXAMPLES = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const hub = createMcpHub(await loadHubConfig(fileURLToPath(new URL('./mcp.json', import.meta.url))));
try {
  const agent = createAgent({
    name: 'assistant',
    model,
    tools: hub,
    system: 'You are a helpful assistant.',
    approval: { 'everything__get-*': 'allow', '*': 'ask' }, // per tool: globs, unlisted tools ask
  });
  const run = agent.run({ prompt: 'What is 2 + 40? And say hello through the echo tool.' });
  const transcript: string[] = [];
  const approvals = new Set<string>();
  for await (const event of run.events) {
    if (TextDeltaEvent.is(event)) process.stdout.write(event.data.text);
    if (ToolCallStartEvent.is(event)) transcript.push(`→ ${event.data.toolName} ${JSON.stringify(event.data.input)}`);
    if (ToolCallEndEvent.is(event)) transcript.push(`← ${event.data.toolName} ${event.data.outcome}: ${event.data.summary}`);
    if (ToolApprovalRequestEvent.is(event)) {
      transcript.push(`? ${event.data.message} [y/N] y`);
      approvals.add(event.data.requestId);
      await run.respond(event.data.requestId, { approved: true }); // a terminal UI would ask here
    }
    // Other input requests (a server's elicitation, a sub-agent's question) would be rendered as forms.
    if (InputRequestEvent.is(event) && !approvals.has(event.data.requestId)) await run.decline(event.data.requestId);
  }
  const answer = await run.result;
  console.log(`\n${transcript.join('\n')}`);
  assert.equal(answer.text, '2 + 40 is 42, and the server says hello.');
  assert.equal(answer.steps, 2);
  assert.equal(approvals.size, 1, 'only echo needs approval');
  assert.ok(transcript.includes('← everything__get-sum success: The sum of 2 and 40 is 42.'));
  assert.ok(transcript.includes('← everything__echo success: Echo: hello'));
  console.log('OK: two tools in parallel, one approval, and the answer');
} finally {
  await hub.close();
}
