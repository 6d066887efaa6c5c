import { afterEach, describe, expect, it } from 'vitest';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { type ScriptedReply, startMockOpenAiServer } from './test-support/mock-openai-server.ts';
import { createConfigDirectory, mcpflowBin } from './test-support/run-mcpflow.ts';
import { startInTerminal } from './test-support/start-in-terminal.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function chatInTerminal(replies: ScriptedReply[], extraArgs: string[] = []) {
  const model = await startMockOpenAiServer(replies);
  const setup = await createConfigDirectory({ everything: everythingServer() });
  const terminal = startInTerminal(
    [process.execPath, mcpflowBin, 'chat', '--base-url', model.baseUrl, '--model', 'mock', ...extraArgs],
    { cwd: setup.directory },
  );
  cleanups.push(() => void terminal.kill(), model.close, setup.dispose);
  return { terminal, requests: model.requests };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// `mcpflow chat` in a pseudo-terminal (util-linux `script`), typed at like a person would, with a scripted
// OpenAI-compatible model on 127.0.0.1 and the real server-everything behind it.
describe('mcpflow chat in a terminal', () => {
  it('asks before each tool call, Ctrl-C cancels the turn (not the program), Ctrl-D leaves', async () => {
    const { terminal, requests } = await chatInTerminal([
      { toolCalls: [{ name: 'everything__get-sum', arguments: { a: 2, b: 40 } }] },
      { text: 'It is 42.' },
      { toolCalls: [{ name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }] },
      { text: 'Still here.' },
    ]);
    let at = await terminal.waitFor('› ');
    terminal.type('add 2 and 40\r');
    at = await terminal.waitFor('Run everything/get-sum {"a":2,"b":40}?', at);
    terminal.type('\r'); // Yes is the default
    at = await terminal.waitFor('✓ everything/get-sum The sum of 2 and 40 is 42.', at);
    at = await terminal.waitFor('It is 42.', at);
    at = await terminal.waitFor('› ', at);
    terminal.type('run something long\r');
    at = await terminal.waitFor('Run everything/trigger-long-running-operation', at);
    terminal.type('\r');
    await pause(1500);
    terminal.type('\x03');
    at = await terminal.waitFor('✗ everything/trigger-long-running-operation cancelled', at);
    at = await terminal.waitFor('cancelled', at);
    at = await terminal.waitFor('› ', at);
    // The program is still there, and the cancelled turn stays in the history with its call answered as interrupted.
    terminal.type('hello again\r');
    at = await terminal.waitFor('Still here.', at);
    const last = requests.at(-1)?.messages ?? [];
    expect(last.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
      'assistant',
      'tool',
      'user',
    ]);
    expect(last[6]?.content).toContain('interrupted');
    at = await terminal.waitFor('› ', at);
    terminal.type('\x04');
    expect(await terminal.exited).toBe(0);
  }, 60_000);

  it("renders a server's elicitation form as prompts and sends the answers back", async () => {
    const { terminal, requests } = await chatInTerminal(
      [{ toolCalls: [{ name: 'everything__trigger-elicitation-request', arguments: {} }] }, { text: 'Thanks, Ada.' }],
      ['--approval', 'auto'],
    );
    let at = await terminal.waitFor('› ');
    terminal.type('ask me something\r');
    // Every field but the name has a default or is optional: Enter keeps it. ◆ marks the prompt waiting for an answer.
    const fill = async (from: number, email: string) => {
      let position = await terminal.waitFor('◆  String (Your full, legal name)', from);
      terminal.type('Ada\r');
      let fields = 1;
      for (;;) {
        const next = await terminal.waitFor(/◆|Thanks, Ada\.|everything asks:/, position);
        if (terminal.output()[next - 1] !== '◆') return { position, fields };
        position = next;
        fields += 1;
        await pause(50);
        terminal.type(terminal.output().slice(next).startsWith('  String with email format') ? `${email}\r` : '\r');
      }
    };
    at = await terminal.waitFor('everything asks:', at);
    // An email the server's schema refuses: the form is asked again, saying why.
    const first = await fill(at, 'not-an-email');
    expect(first.fields).toBe(13);
    at = await terminal.waitFor(/everything asks: Please provide .*\(✖ Invalid email address → at email\)/, first.position);
    const second = await fill(at, '');
    expect(second.fields).toBe(13);
    at = second.position;
    at = await terminal.waitFor('Thanks, Ada.', at);
    const toolMessage = requests[1]?.messages.find((message) => message.role === 'tool');
    // Several text blocks reach an OpenAI-compatible model as one plain text, not as JSON of their parts.
    const text = toolMessage?.content;
    expect(typeof text).toBe('string');
    expect(text).toMatch(/^✅ User pro/);
    expect(text).toContain('"name": "Ada"');
    expect(text).toContain('"titledSingleSelectEnum": "hero-1"');
    terminal.type('/exit\r');
    expect(await terminal.exited).toBe(0);
  }, 60_000);

  it("tells the model about a refused call, and asks before a server's sampling uses the model", async () => {
    const { terminal, requests } = await chatInTerminal([
      { toolCalls: [{ name: 'everything__echo', arguments: { message: 'secret' } }] },
      { text: 'Not echoing, then.' },
      { toolCalls: [{ name: 'everything__trigger-sampling-request', arguments: { prompt: 'Name a colour', maxTokens: 20 } }] },
      { text: 'Teal.' },
      { text: 'The server got teal.' },
    ]);
    let at = await terminal.waitFor('› ');
    terminal.type('echo secret\r');
    at = await terminal.waitFor('Run everything/echo {"message":"secret"}?', at);
    terminal.type('n\r');
    at = await terminal.waitFor('✗ everything/echo denied: the user denied this tool call', at);
    at = await terminal.waitFor('Not echoing, then.', at);
    expect(JSON.stringify(requests[1]?.messages.at(-1))).toContain('the user denied this tool call');
    at = await terminal.waitFor('› ', at);
    terminal.type('sample\r');
    at = await terminal.waitFor('Run everything/trigger-sampling-request', at);
    terminal.type('\r');
    // One Enter answers the approval: its input request is not asked a second time, the sampling question comes next.
    at = await terminal.waitFor(/everything wants to use the model \(max 20 tokens\): ".*Name a colour"\. Allow\?/, at);
    terminal.type('\r');
    at = await terminal.waitFor('The server got teal.', at);
    expect(JSON.stringify(requests[4]?.messages.at(-1))).toContain('Teal.');
    at = await terminal.waitFor('› ', at);
    terminal.type('\x04');
    expect(await terminal.exited).toBe(0);
  }, 60_000);
});
