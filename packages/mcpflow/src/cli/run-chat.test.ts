import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { type ScriptedReply, startMockOpenAiServer } from './test-support/mock-openai-server.ts';
import { createConfigDirectory, mcpflowBin } from './test-support/run-mcpflow.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Pipes `input` into `mcpflow chat` (no terminal: each line is a turn) with a scripted model behind it. */
async function chat(replies: ScriptedReply[], input: string, extraArgs: string[] = []) {
  const model = await startMockOpenAiServer(replies);
  const setup = await createConfigDirectory({ everything: everythingServer() });
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
          ],
        },
        { text: 'The sum is 42 and the echo said hi.' },
      ],
      'add 2 and 40, and echo hi\n',
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
    expect(toolMessages(requests[1]).join()).toContain('did not approve');
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
    expect(stderr).toContain('mcpflow: the turn failed:');
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
