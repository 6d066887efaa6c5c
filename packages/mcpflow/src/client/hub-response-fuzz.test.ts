import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { McpHub } from './mcp-hub.ts';
import { type HostileServer, startHostileServer } from './test-support/hostile-http-server.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settledHeap = async () => {
  for (let round = 0; round < 4; round += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
};

// fast-check's own JSON arbitrary, kept shallow so each run stays cheap.
const jsonValue = fc.jsonValue({ maxDepth: 3 });

const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { level: [value] };
  return value;
};

/** A tool that declares an output schema, so structured results can violate it. */
const countTool = {
  name: 'count',
  description: 'Counts',
  inputSchema: { type: 'object', properties: {} },
  outputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
};

/** A tool without an output schema, for plain results. */
const echoTool = { name: 'echo', description: 'Echoes', inputSchema: { type: 'object', properties: {} } };

/** Classifies a settled promise: ok, an McpflowError code, or `untyped` (the defect these tests look for). */
async function settle(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!McpflowError.isInstance(error)) return `untyped: ${String(error)}`;
    expect(error.message.length).toBeGreaterThan(0);
    return error.code;
  }
}

// The hub against a peer that answers with fuzzed results: it must never crash, always say what went wrong with a
// typed error, and not keep what it was sent.
describe('hub response parsing under hostile results', () => {
  let peer: HostileServer;
  let hub: McpHub;
  beforeAll(async () => {
    peer = await startHostileServer();
    peer.next.set('tools/list', { result: { tools: [countTool, echoTool] } });
    hub = createMcpHub({ mcpServers: { peer: { url: peer.url } } }, { requestTimeoutMs: 1_000, reconnect: false });
    await hub.ready;
    expect(hub.server('peer').status).toBe('ready');
  });
  afterAll(async () => {
    await hub.close();
    await peer.close();
  });

  const hostileResult = fc.oneof(
    jsonValue.map((result) => ({ result })),
    jsonValue.map((content) => ({ result: { content } })),
    fc
      .array(
        fc.record(
          {
            type: fc.oneof(fc.constantFrom('text', 'image', 'audio', 'resource', 'resource_link'), fc.string()),
            text: jsonValue,
            data: jsonValue,
            uri: jsonValue,
          },
          { requiredKeys: ['type'] },
        ),
        { maxLength: 4 },
      )
      .map((content) => ({ result: { content } })),
    jsonValue.map((structuredContent) => ({ result: { content: [], structuredContent } })),
    fc
      .integer({ min: 100, max: 400 })
      .map((depth) => ({ result: { content: [], structuredContent: { n: 1, deep: nested(depth) } } })),
    fc.constantFrom(
      { body: 'not json' },
      { body: '{"jsonrpc":"2.0","id":' },
      { body: '' },
      { body: '<html>502 Bad Gateway</html>', contentType: 'text/html' },
      { message: (id: unknown) => ({ jsonrpc: '2.0', id, error: { code: 'nope', message: 42 } }) },
      {
        message: (id: unknown) => ({
          jsonrpc: '2.0',
          id,
          error: { code: -32000, message: 'refused\r\n\u001b[31mFAKE LOG LINE' },
        }),
      },
      { message: (id: unknown) => ({ jsonrpc: '1.0', id, result: { content: [] } }) },
      { message: (_id: unknown) => ({ jsonrpc: '2.0', id: 'someone-else', result: { content: [] } }) },
      { result: { content: [], structuredContent: { n: 'not a number' } } },
      { result: { content: [], isError: 'yes' } },
    ),
  );

  it('fails each bad tools/call result with a typed error, never crashes, and keeps serving', async () => {
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileResult, async (answer) => {
        peer.next.set('tools/call', answer as never);
        const code = await settle(hub.callTool('peer__count', {}));
        expect(code).not.toBe('INTERNAL');
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(code).not.toMatch(/^untyped/);
      }),
      { numRuns: 200 },
    );
    console.log(`hub fuzz (tools/call, 200 runs): ${[...codes].map(([code, count]) => `${code} ${count}`).join(', ')}`);
    // Schema violations are the tool's fault, not a broken connection.
    peer.next.set('tools/call', { result: { content: [], structuredContent: { n: 'not a number' } } });
    expect(await settle(hub.callTool('peer__count', {}))).toBe('TOOL_ERROR');
    peer.next.set('tools/call', { result: { content: [{ type: 'text', text: 'fine' }], structuredContent: { n: 3 } } });
    expect((await hub.callTool('peer__count', {})).structuredContent).toEqual({ n: 3 });
  });

  it('keeps no memory of huge payloads', async () => {
    const huge = 'x'.repeat(8 * 1024 * 1024);
    peer.next.set('tools/call', { result: { content: [{ type: 'text', text: huge }] } });
    await hub.callTool('peer__echo', {}); // warm-up: JIT and buffers
    const before = await settledHeap();
    for (let round = 0; round < 10; round += 1) {
      const result = await hub.callTool('peer__echo', {});
      expect(result.content[0]).toMatchObject({ type: 'text' });
    }
    peer.next.set('tools/call', { result: { content: [{ type: 'text', text: 'small' }] } });
    await hub.callTool('peer__echo', {});
    const growth = (await settledHeap()) - before;
    console.log(`hub fuzz: 10 × 8 MiB results, heap growth after GC ${(growth / 1024 / 1024).toFixed(1)} MiB`);
    // Keeping the results would grow it by 80 MiB; the bound leaves room for a noisy GC.
    expect(growth).toBeLessThan(32 * 1024 * 1024);
  });

  it('survives hostile tools/list answers: the server fails or lists what is valid, always with a typed reason', async () => {
    const hostileList = fc.oneof(
      jsonValue.map((result) => ({ result })),
      jsonValue.map((tools) => ({ result: { tools } })),
      fc
        .array(
          fc.record(
            { name: jsonValue, inputSchema: jsonValue, outputSchema: jsonValue, description: jsonValue },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        )
        .map((tools) => ({ result: { tools } })),
      fc.constantFrom({ body: 'garbage' }, { result: { tools: [{ ...countTool, name: 'a'.repeat(100_000) }] } }),
    );
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileList, async (answer) => {
        peer.next.set('tools/list', answer as never);
        const fresh = createMcpHub({ mcpServers: { peer: { url: peer.url } } }, { requestTimeoutMs: 1_000, reconnect: false });
        try {
          await fresh.ready;
          const info = fresh.server('peer');
          const listed = await settle(fresh.listTools());
          const outcome = info.status === 'ready' ? `ready, listTools ${listed}` : `${info.status}: ${info.lastError?.code}`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          expect(['ready', 'failed']).toContain(info.status);
          if (info.status === 'failed') expect(McpflowError.isInstance(info.lastError)).toBe(true);
          expect(listed).not.toMatch(/^untyped/);
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 60 },
    );
    console.log(`hub fuzz (tools/list, 60 runs): ${[...outcomes].map(([what, count]) => `${what} ${count}`).join('; ')}`);
    peer.next.set('tools/list', { result: { tools: [countTool, echoTool] } });
  });
});
