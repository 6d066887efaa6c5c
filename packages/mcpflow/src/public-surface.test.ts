import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as agent from './agent.ts';
import * as cli from './cli.ts';
import * as client from './client.ts';
import * as clientAi from './client-ai.ts';
import * as root from './index.ts';
import * as redis from './redis.ts';
import * as server from './server.ts';
import * as sqlite from './sqlite.ts';

// A red pin means the public API changed: update it deliberately (and the README), never just to get green.
describe('public surface', () => {
  it('pins the runtime exports of each entry point', () => {
    expect(Object.keys(root).sort()).toEqual([
      'InputRequestEvent',
      'McpflowError',
      'ProgressEvent',
      'createMemorySnapshotStore',
      'createWorkflow',
      'defineEvent',
      'parseWorkflowSnapshot',
      'retryDelay',
      'samplingRequestSchema',
      'samplingResultSchema',
      'toMcpflowError',
      'toMermaid',
    ]);
    expect(Object.keys(cli).sort()).toEqual([
      'createProcessIo',
      'exitCodeOf',
      'exitCodes',
      'reportError',
      'runProgram',
      'writeJson',
    ]);
    expect(Object.keys(sqlite).sort()).toEqual(['createSqliteSnapshotStore', 'createSqliteTaskStore']);
    expect(Object.keys(agent).sort()).toEqual([
      'AgentAnswerEvent',
      'AgentStartEvent',
      'InputRequestEvent',
      'McpflowError',
      'ModelStepEndEvent',
      'ModelStepStartEvent',
      'ProgressEvent',
      'ReasoningDeltaEvent',
      'SubAgentEvent',
      'TextDeltaEvent',
      'ToolApprovalRequestEvent',
      'ToolCallEndEvent',
      'ToolCallProgressEvent',
      'ToolCallStartEvent',
      'approvalAnswerSchema',
      'createAgent',
      'createAgentHubHandlers',
      'createChatSession',
      'resolveEmbeddingModel',
      'resolveModel',
    ]);
    expect(Object.keys(client).sort()).toEqual([
      'McpflowError',
      'callToolFromStep',
      'createFileOAuthStore',
      'createMcpHub',
      'createMemoryOAuthStore',
      'defaultOAuthStorePath',
      'fromModelArguments',
      'loadHubConfig',
      'parseHubConfig',
      'projectToolSchema',
      'toAnthropicTools',
      'toModelContent',
      'toOpenAiChatTools',
      'toOpenAiResponsesTools',
    ]);
    expect(Object.keys(clientAi).sort()).toEqual(['toAiSdkTools']);
    expect(Object.keys(redis).sort()).toEqual([
      'createBullmqTaskQueue',
      'createRedisEventBus',
      'createRedisEventStore',
      'createRedisSessionStore',
      'createRedisSnapshotStore',
      'createRedisTaskStore',
      'startTaskWorker',
    ]);
    expect(Object.keys(server).sort()).toEqual([
      'createGateway',
      'createJwtVerifier',
      'createMcpflowServer',
      'createMemoryEventStore',
      'createMemoryTaskStore',
      'createStaticTokenVerifier',
      'forwardElicitation',
      'forwardSampling',
      'serveHttp',
      'serveStdio',
      'serveWorkflow',
      'taskSlotOf',
      'tasksExtension',
    ]);
  });

  it('pins the package exports map', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { exports: object };
    expect(Object.keys(manifest.exports)).toEqual([
      '.',
      './client',
      './client/ai',
      './server',
      './sqlite',
      './agent',
      './redis',
      './cli',
      './package.json',
    ]);
  });

  it('keeps the root entry free of Node-only modules, so it runs in any runtime', async () => {
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const visit = async (url: URL): Promise<void> => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = await readFile(url, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        if (specifier === undefined) continue;
        if (specifier.startsWith('node:')) nodeImports.push(`${url.pathname.split('/src/')[1]} → ${specifier}`);
        else if (specifier.startsWith('.')) await visit(new URL(specifier, url));
      }
    };
    await visit(new URL('./index.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(10);
    expect(nodeImports).toEqual([]);
  });

  it('keeps `ai` (an optional peer) out of every entry but mcpflow/client/ai', async () => {
    const importersOfAi = async (entry: string): Promise<string[]> => {
      const seen = new Set<string>();
      const found: string[] = [];
      const visit = async (url: URL): Promise<void> => {
        if (seen.has(url.href)) return;
        seen.add(url.href);
        const source = await readFile(url, 'utf8');
        // Type-only imports vanish at run time; only value imports load a module.
        for (const [, specifier] of source.matchAll(/^(?:import|export)(?! type )[^'"]*from '([^']+)'/gm)) {
          if (specifier === 'ai' || specifier?.startsWith('ai/')) found.push(url.pathname.split('/src/')[1] ?? url.pathname);
          else if (specifier?.startsWith('.')) await visit(new URL(specifier, url));
        }
      };
      await visit(new URL(entry, import.meta.url));
      return found;
    };
    for (const entry of ['./index.ts', './client.ts', './server.ts', './sqlite.ts'])
      expect(await importersOfAi(entry)).toEqual([]);
    expect(await importersOfAi('./client-ai.ts')).toEqual(['client/adapters/to-ai-sdk-tools.ts']);
  });
});
