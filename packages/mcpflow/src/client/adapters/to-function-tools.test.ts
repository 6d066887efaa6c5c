import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubTool } from '../build-catalog.ts';
import { createMcpHub } from '../create-mcp-hub.ts';
import type { McpHub } from '../mcp-hub.ts';
import { everythingServer, filesystemServer } from '../test-support/reference-servers.ts';
import { strictViolations } from '../test-support/strict-violations.ts';
import { fromModelArguments } from './from-model-arguments.ts';
import { toAnthropicTools, toOpenAiChatTools, toOpenAiResponsesTools } from './to-function-tools.ts';

let hub: McpHub;
let root: string;
let tools: HubTool[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcpflow-functions-'));
  await writeFile(join(root, 'notes.txt'), 'one\ntwo\nthree\n');
  hub = createMcpHub({ mcpServers: { everything: everythingServer(), files: filesystemServer(root, { prefix: 'fs' }) } });
  await hub.ready;
  tools = await hub.listTools();
});

afterAll(async () => {
  await hub?.close();
  await rm(root, { recursive: true, force: true });
});

describe('function definitions from the reference servers’ tools', () => {
  it('produces valid OpenAI and Anthropic shapes for every tool', () => {
    const ajv = new Ajv2020({ strict: false });
    const chat = toOpenAiChatTools(tools, { strict: true });
    const responses = toOpenAiResponsesTools(tools);
    const anthropic = toAnthropicTools(tools);
    expect(chat.map((tool) => tool.function.name)).toEqual(tools.map((tool) => tool.name));
    for (const [index, tool] of tools.entries()) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      const strict = chat[index]?.function;
      expect(strict?.parameters.type).toBe('object');
      expect(() => ajv.compile(strict?.parameters ?? {})).not.toThrow();
      if (strict?.strict === true) expect(strictViolations(strict.parameters)).toEqual([]);
      expect(responses[index]).toMatchObject({ type: 'function', name: tool.name, strict: false });
      expect(anthropic[index]?.input_schema.type).toBe('object');
    }
    // Every reference-server tool is simple enough for strict mode.
    expect(chat.filter((tool) => !tool.function.strict).map((tool) => tool.function.name)).toEqual([]);
  });

  it('round-trips strict-mode arguments to a real call: nulls for omitted options are dropped', async () => {
    const readText = tools.find((tool) => tool.name === 'fs__read_text_file');
    if (readText === undefined) throw new Error('read_text_file not listed');
    const [definition] = toOpenAiChatTools([readText], { strict: true });
    expect(definition?.function.parameters.required).toEqual(['path', 'tail', 'head']);
    // What a strict-mode model sends: every property present, the optional ones null.
    const modelArguments = JSON.stringify({ path: join(root, 'notes.txt'), tail: null, head: 2 });
    const args = fromModelArguments(readText.inputSchema, modelArguments);
    expect(args).toEqual({ path: join(root, 'notes.txt'), head: 2 });
    const result = await hub.callTool(readText.name, args);
    expect(result.content).toEqual([{ type: 'text', text: 'one\ntwo' }]);
  });
});
