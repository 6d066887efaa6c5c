import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEntry } from '../client/parse-hub-config.ts';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { type ScriptedReply, startMockOpenAiServer } from './test-support/mock-openai-server.ts';
import { createConfigDirectory, mcpflowBin } from './test-support/run-mcpflow.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Pipes `input` into `mcpflow chat` (no terminal: each line is a turn) with a scripted model behind it. */
async function chat(
  replies: ScriptedReply[],
  input: string,
  extraArgs: string[] = [],
  servers: Record<string, ServerEntry> = { everything: everythingServer() },
) {
  const model = await startMockOpenAiServer(replies);
  const setup = await createConfigDirectory(servers);
  cleanups.push(model.close, setup.dispose);
  const child = spawn(process.execPath, [mcpflowBin, 'chat', '--base-url', model.baseUrl, '--model', 'mock', ...extraArgs], {
    cwd: setup.directory,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr, requests: model.requests };
}

const toolMessages = (request: { messages: { role: string; content?: unknown }[] } | undefined) =>
  (request?.messages ?? []).filter((message) => message.role === 'tool').map((message) => JSON.stringify(message.content));

// The real provider path (@ai-sdk/openai-compatible over HTTP) against a scripted model, real server-everything tools.
describe('mcpflow chat without a terminal', () => {
  it('runs the tool calls the model asks for, in parallel, and hands the results back', async () => {
    const { code, stdout, stderr, requests } = await chat(
      [
        {
          toolCalls: [
            { name: 'everything__get-sum', arguments: { a: 2, b: 40 } },
            { name: 'everything__echo', arguments: { message: 'hi' } },
            { name: 'everything__get-tiny-image', arguments: {} },
          ],
        },
        { text: 'The sum is 42 and the echo said hi.' },
      ],
      'add 2 and 40, echo hi, show an image\n',
      ['--approval', 'auto'],
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('The sum is 42 and the echo said hi.\n');
    expect(stderr).toContain('→ everything/get-sum {"a":2,"b":40}');
    expect(stderr).toContain('✓ everything/get-sum The sum of 2 and 40 is 42.');
    expect(stderr).toContain('✓ everything/echo Echo: hi');
    expect(requests).toHaveLength(2);
    expect(requests[0]?.tools?.map((tool) => tool.function.name)).toContain('everything__get-sum');
    expect(toolMessages(requests[1]).join()).toContain('The sum of 2 and 40 is 42.');
    expect(toolMessages(requests[1]).join()).toContain('Echo: hi');
    // The chat completions API takes only text in tool messages: the image is named, not pasted in as base64.
    expect(toolMessages(requests[1]).join()).toMatch(/\[image: image\/png, [0-9.]+ kB, not shown\]/);
    expect(toolMessages(requests[1]).join()).not.toContain('iVBORw0');
  });

  it('returns a tool error to the model as an error, and keeps the history across turns', async () => {
    const { code, stdout, stderr, requests } = await chat(
      [
        { toolCalls: [{ name: 'everything__get-sum', arguments: { a: 'two' } }] },
        { text: 'That failed.' },
        { text: 'Second turn.' },
      ],
      'add\nagain\n',
      ['--approval', 'auto'],
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toBe('That failed.\nSecond turn.\n');
    expect(stderr).toMatch(/✗ everything\/get-sum Invalid arguments/);
    expect(toolMessages(requests[1]).join()).toContain('Invalid arguments');
    const third = requests[2]?.messages.map((message) => message.role);
    expect(third).toEqual(['user', 'assistant', 'tool', 'assistant', 'user']);
  });

  it('asks for approval by default; with nobody to ask, the call is refused and the model told', async () => {
    const { code, stderr, requests } = await chat(
      [{ toolCalls: [{ name: 'everything__echo', arguments: { message: 'secret' } }] }, { text: 'Not allowed, then.' }],
      'echo secret\n',
    );
    expect(code).toBe(0);
    expect(stderr).toContain('? everything/echo needs approval; refused');
    expect(stderr).not.toContain('Echo: secret');
    expect(stderr).toContain('✗ everything/echo denied: the user did not approve this call');
    expect(toolMessages(requests[1]).join()).toContain('did not approve');
  });

  it('tells the user when a turn runs out of model steps, and the next turn still works', async () => {
    const { code, stdout, stderr, requests } = await chat(
      [{ toolCalls: [{ name: 'everything__echo', arguments: { message: 'again' } }] }, { text: 'Next turn.' }],
      'loop\nnext\n',
      ['--approval', 'auto', '--max-steps', '1'],
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('✗ everything/echo not run: the agent reached its limit of 1 steps');
    expect(stderr).toContain('stopped after 1 model steps (raise --max-steps to let it go on)');
    expect(stdout).toBe('Next turn.\n');
    expect(toolMessages(requests[1]).join()).toContain('not run');
  });

  it('gives the model tool search instead of 300 schemas when the catalog is large', async () => {
    const catalog = fileURLToPath(new URL('../agent/test-support/large-catalog.fixture.ts', import.meta.url));
    const { code, stdout, stderr, requests } = await chat(
      [
        { toolCalls: [{ name: 'search_tools', arguments: { query: 'stock level product line 17', limit: 2 } }] },
        { toolCalls: [{ name: 'catalog__stock-level-17', arguments: { sku: 'A-1' } }] },
        { text: '51 units.' },
      ],
      'how many of line 17?\n',
      ['--approval', 'auto'],
      { catalog: { command: process.execPath, args: [catalog] } },
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('· 300 tools (tool search)');
    expect(requests[0]?.tools?.map((tool) => tool.function.name)).toEqual(['search_tools', 'call_tool']);
    expect(requests[1]?.tools?.map((tool) => tool.function.name)).toContain('catalog__stock-level-17');
    expect(stderr).toContain('✓ catalog/stock-level-17 line 17, A-1: 51 units');
    expect(stdout).toBe('51 units.\n');
  });

  it('lets a server borrow the model (MCP sampling) while its tool runs', async () => {
    const { code, stderr, requests } = await chat(
      [
        { toolCalls: [{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour', maxTokens: 20 } }] },
        { text: 'Teal.' },
        { text: 'The server asked, the model said teal.' },
      ],
      'sample\n',
      ['--approval', 'auto'],
    );
    expect(code, stderr).toBe(0);
    expect(requests[1]?.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('Name a colour') });
    expect(toolMessages(requests[2]).join()).toContain('Teal.');
  });

  it('reports a model that cannot be reached as a failed turn, exit 1', async () => {
    const setup = await createConfigDirectory({});
    cleanups.push(setup.dispose);
    const child = spawn(process.execPath, [mcpflowBin, 'chat', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'mock'], {
      cwd: setup.directory,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end('hello\n');
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr).toMatch(/mcpflow: the turn failed: .*Cannot connect to API/);
    expect(stderr).not.toContain('step "model"');
  });

  it('names what is missing when no model is given, exit 2', async () => {
    const setup = await createConfigDirectory({});
    cleanups.push(setup.dispose);
    const child = spawn(process.execPath, [mcpflowBin, 'chat'], {
      cwd: setup.directory,
      env: { ...process.env, MCPFLOW_MODEL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end();
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr.split('\n')[0]).toBe('mcpflow: mcpflow chat needs a model: --model ollama:llama3.2 (or set MCPFLOW_MODEL)');
  });
});
