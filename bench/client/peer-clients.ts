/**
 * The hub's client peers in `npm run bench:client`, each called the way its users call a tool: the AI SDK's
 * `createMCPClient(...).callTool` and LangChain's `MultiServerMCPClient` tool (`getTools()` then `tool.invoke`, on
 * the v1 SDK inside). Both talk to the same echo server as the hub, over stdio (their own spawn) and Streamable HTTP.
 */
import { readFileSync } from 'node:fs';
import { createMCPClient } from '@ai-sdk/mcp';
import { StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import type { BenchClient } from './measure.ts';

/** A peer under test, with its close. */
export interface PeerClient extends BenchClient {
  close(): Promise<void>;
}

export interface PeerSetup {
  transport: 'stdio' | 'http';
  url: string;
  httpPid: number | undefined;
  stdioCommand: { command: string; args: string[] };
  message: string;
}

/** The newest child process not in `before` (the stdio server a peer just spawned). */
async function newestChildPid(before: ReadonlySet<number>): Promise<number | undefined> {
  return [...(await childPids())].filter((pid) => !before.has(pid)).at(-1);
}

/** Current child process ids of this process (Linux), to find the one a peer spawns. */
export async function childPids(): Promise<Set<number>> {
  try {
    const text = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
    return new Set(text === '' ? [] : text.split(/\s+/).map(Number));
  } catch {
    return new Set();
  }
}

function checkText(result: unknown, message: string): void {
  const text = JSON.stringify(result);
  if (!text.includes(message)) throw new Error(`unexpected answer ${text.slice(0, 300)}`);
}

/** `@ai-sdk/mcp`: one client per server; `protocolVersionDiscovery: false` so it speaks 2025-11-25 like the others. */
export async function aiSdkClient(setup: PeerSetup): Promise<PeerClient> {
  const before = await childPids();
  const client = await createMCPClient({
    transport:
      setup.transport === 'stdio'
        ? new StdioMCPTransport({ ...setup.stdioCommand, stderr: 'ignore' })
        : { type: 'http', url: setup.url },
    protocolVersionDiscovery: false,
    clientName: 'bench-ai-sdk',
  });
  await client.listTools();
  const arguments_ = { message: setup.message };
  return {
    serverPid: setup.transport === 'stdio' ? await newestChildPid(before) : setup.httpPid,
    call: async () => checkText(await client.callTool({ name: 'echo', arguments: arguments_ }), setup.message),
    close: () => client.close(),
  };
}

/** `@langchain/mcp-adapters`: `MultiServerMCPClient` with one server, its echo tool invoked as a LangChain tool. */
export async function langchainClient(setup: PeerSetup): Promise<PeerClient> {
  const before = await childPids();
  const client = new MultiServerMCPClient({
    mcpServers: {
      bench:
        setup.transport === 'stdio'
          ? { transport: 'stdio', ...setup.stdioCommand, stderr: 'ignore' }
          : { transport: 'http', url: setup.url, automaticSSEFallback: false },
    },
    useStandardContentBlocks: true,
  });
  const tools = await client.getTools();
  const echo = tools.find((tool) => tool.name === 'echo');
  if (echo === undefined) throw new Error(`langchain found no echo tool among ${tools.map((tool) => tool.name).join(', ')}`);
  const arguments_ = { message: setup.message };
  return {
    serverPid: setup.transport === 'stdio' ? await newestChildPid(before) : setup.httpPid,
    call: async () => checkText(await echo.invoke(arguments_), setup.message),
    close: () => client.close(),
  };
}
