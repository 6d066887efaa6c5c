import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./test-support/serve-stdio.fixture.ts', import.meta.url));

// Property-based fuzzing of serveStdio: a raw child process fed malformed JSON-RPC lines on stdin. After every
// fuzzed line a ping must still be answered, and the process must neither exit nor grow without bound.
describe('stdio server under malformed input', () => {
  let child: ChildProcessWithoutNullStreams;
  const responses = new Map<string, unknown>();
  let stderr = '';
  let exited: number | null | undefined;
  const write = (line: string) => child.stdin.write(`${line}\n`);
  const answered = async (id: string, withinMs = 5_000) => {
    const deadline = Date.now() + withinMs;
    while (!responses.has(id)) {
      if (exited !== undefined) throw new Error(`the server exited (${exited}): ${stderr.slice(-500)}`);
      if (Date.now() > deadline) throw new Error(`no answer to ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return responses.get(id) as { result?: unknown; error?: { code: number; message: string } };
  };

  beforeAll(async () => {
    child = spawn(process.execPath, [fixture], { stdio: 'pipe' });
    child.on('exit', (code) => {
      exited = code;
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { id?: unknown };
        if (message.id !== undefined) responses.set(String(message.id), message);
      }
    });
    write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
      }),
    );
    await answered('init');
    write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  // fast-check's own JSON arbitrary, kept shallow so each run stays cheap.
  const jsonValue = fc.jsonValue({ maxDepth: 3 });
  const method = fc.oneof(
    fc.constantFrom('tools/call', 'tools/list', 'initialize', 'prompts/get', 'resources/read', 'ping', 'tasks/get'),
    fc.string(),
  );
  // Requests with a valid id, any method and any object as params: each must get an answer (a result or an
  // error). Not any JSON as params: a request whose params are not an object (`null`, `5`) is not JSON-RPC, and
  // the SDK's stdio transport drops such a line without an answer (docs/security.md, "left alone").
  const request = fc
    .tuple(method, fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 }))
    .map(([name, params]) => ({ method: name, params }));
  const line = fc.oneof(
    // JSON-RPC-shaped messages with anything as params and id.
    fc
      .tuple(method, jsonValue, fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null)))
      .map(([name, params, id]) => JSON.stringify({ jsonrpc: '2.0', id, method: name, params })),
    // tools/call with schema-violating arguments for real tools.
    fc
      .tuple(fc.constantFrom('add', 'review', 'slow', 'ask-model', 'nope'), jsonValue)
      .map(([name, args]) =>
        JSON.stringify({ jsonrpc: '2.0', id: 'call', method: 'tools/call', params: { name, arguments: args } }),
      ),
    // Not JSON-RPC at all.
    jsonValue.map((value) => JSON.stringify(value)),
    fc.string().map((text) => text.replace(/\n/g, ' ')),
    fc.constantFrom('{"jsonrpc":"2.0","id":', '{{{{', '\u0000\u0001', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    fc.integer({ min: 100_000, max: 2_000_000 }).map((size) =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'big',
        method: 'tools/call',
        params: { name: 'add', arguments: { a: 'x'.repeat(size), b: 1 } },
      }),
    ),
  );

  const rssOf = async (pid: number) => {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  };

  it('answers a ping after every malformed line, never exiting', async () => {
    let probe = 0;
    const rssBefore = await rssOf(child.pid ?? 0);
    await fc.assert(
      fc.asyncProperty(line, request, async (text, { method: name, params }) => {
        write(text);
        const requestId = `request-${probe}`;
        write(JSON.stringify({ jsonrpc: '2.0', id: requestId, method: name, params }));
        const reply = await answered(requestId);
        // A clear answer each time: a result, or an error with a code and a message.
        if (reply.error !== undefined)
          expect(reply.error).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
        else expect(reply).toHaveProperty('result');
        const id = `probe-${probe++}`;
        write(JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' }));
        expect((await answered(id)).result).toEqual({});
      }),
      { numRuns: 200 },
    );
    // Schema-violating arguments to a real tool get a tool error naming the field, not silence.
    write(
      JSON.stringify({ jsonrpc: '2.0', id: 'bad-add', method: 'tools/call', params: { name: 'add', arguments: { a: 'one' } } }),
    );
    const bad = (await answered('bad-add')) as { result?: { isError?: boolean; content?: { text: string }[] }; error?: unknown };
    expect(bad.error ?? bad.result?.isError).toBeTruthy();
    write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'good-add',
        method: 'tools/call',
        params: { name: 'add', arguments: { a: 1, b: 2 } },
      }),
    );
    expect(await answered('good-add')).toMatchObject({ result: { structuredContent: { sum: 3 } } });
    expect(exited).toBeUndefined();
    const growth = (await rssOf(child.pid ?? 0)) - rssBefore;
    console.log(`stdio fuzz: 200 runs (400 lines + probes), server RSS growth ${(growth / 1024 / 1024).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(256 * 1024 * 1024);
  });
});
