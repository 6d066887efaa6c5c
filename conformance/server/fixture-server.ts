// The conformance fixture server: every name the official suite expects, built with mcpflow's public API only.
import { createMcpflowServer, createMemoryEventStore, serveHttp } from 'mcpflow/server';
import { registerContentTools } from './register-content-tools.ts';
import { registerInputRequiredTools } from './register-input-required-tools.ts';
import { registerResourcesAndPrompts } from './register-resources-and-prompts.ts';
import { registerTaskTools } from './register-task-tools.ts';

const server = createMcpflowServer({
  name: 'mcpflow-conformance-server',
  version: '1.0.0',
  resourceSubscriptions: true,
  capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, completions: {} },
});
registerContentTools(server);
registerInputRequiredTools(server);
registerResourcesAndPrompts(server);
registerTaskTools(server);

const port = Number(process.env.PORT ?? process.argv[2] ?? 3917);
const http = await serveHttp(server, {
  port,
  eventStore: createMemoryEventStore(),
  retryIntervalMs: 500,
  onError: (error) =>
    process.stderr.write(`server error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
});
process.stdout.write(`listening ${http.url}\n`);
const stop = () => void http.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
