// Scenarios without authorization: lifecycle, tool calls, headers, schemas, elicitation, SSE resumption.
import type { McpHub } from 'mcpflow/client';
import { context, modernRun, openHub, withLocalDiscover } from './fixture-support.ts';

type Scenario = (url: string) => Promise<void>;

async function withHub(hub: McpHub, work: (hub: McpHub) => Promise<void>): Promise<void> {
  try {
    await work(hub);
  } finally {
    await hub.close();
  }
}

const era = () => (modernRun() ? 'auto' : 'legacy');

const initialize: Scenario = async (url) =>
  withHub(await openHub(url, { era: 'legacy' }), async (hub) => void (await hub.listTools()));

const toolsCall: Scenario = async (url) =>
  withHub(await openHub(url, { era: era() }), async (hub) => {
    await hub.callTool('add_numbers', { a: 5, b: 3 });
  });

const requestMetadata: Scenario = async (url) =>
  withHub(
    await openHub(
      url,
      { era: 'auto' },
      {
        sampling: async () => ({ role: 'assistant', model: 'none', content: { type: 'text', text: 'unused' } }),
        elicitation: async () => ({ action: 'decline' }),
        roots: [],
      },
    ),
    async () => undefined,
  );

const requestState: Scenario = async (url) =>
  withHub(
    await openHub(
      url,
      { era: 'auto' },
      { fetch: withLocalDiscover({ tools: {} }), elicitation: async () => ({ action: 'accept', content: { confirmed: true } }) },
    ),
    async (hub) => {
      await hub.callTool('test_mrtr_echo_state');
      await hub.callTool('test_mrtr_no_state');
      await hub.callTool('test_mrtr_unrelated');
      // A result without resultType from a 2026 server is a protocol violation: rejected locally, never retried.
      await hub.callTool('test_mrtr_no_result_type').catch(() => undefined);
    },
  );

const everything = { tools: { listChanged: true }, resources: {}, prompts: {} };

const standardHeaders: Scenario = async (url) =>
  withHub(await openHub(url, { era: 'auto' }, { fetch: withLocalDiscover(everything) }), async (hub) => {
    const [tool] = await hub.listTools();
    if (tool !== undefined) await hub.callTool(tool.name).catch(() => undefined);
    const [resource] = await hub.listResources();
    if (resource !== undefined) await hub.readResource({ server: resource.server, uri: resource.uri });
    const [prompt] = await hub.listPrompts();
    if (prompt !== undefined) await hub.getPrompt(prompt.name);
  });

const customHeaders: Scenario = async (url) =>
  withHub(await openHub(url, { era: 'auto' }, { fetch: withLocalDiscover({ tools: {} }) }), async (hub) => {
    const calls = (context().toolCalls ?? []) as { name: string; arguments: Record<string, unknown> }[];
    // Some calls carry null for a boolean on purpose (the header must be omitted): skip the hub's own check.
    for (const call of calls) await hub.callTool(call.name, call.arguments, { validate: false });
  });

const invalidToolHeaders: Scenario = async (url) =>
  withHub(await openHub(url, { era: 'auto' }, { fetch: withLocalDiscover({ tools: {} }) }), async (hub) => {
    // The SDK drops tools whose x-mcp-header annotations are invalid; whatever survives is called.
    for (const tool of await hub.listTools()) await hub.callTool(tool.name, { region: 'us-west1' }).catch(() => undefined);
  });

const refNoDeref: Scenario = async (url) =>
  withHub(await openHub(url, { era: era() }), async (hub) => void (await hub.listTools()));

const schemaPreservation: Scenario = async (url) =>
  withHub(await openHub(url, { era: era() }), async (hub) => {
    const focal = (await hub.listTools()).find((tool) => tool.serverToolName === 'json_schema_2020_12_tool');
    if (focal === undefined) throw new Error('json_schema_2020_12_tool is not listed');
    // What the hub hands on must be the schema exactly as served.
    await hub.callTool('json_schema_echo', { schema: focal.inputSchema });
  });

const elicitationDefaults: Scenario = async (url) =>
  withHub(
    // Accept with nothing filled in: the hub declares applyDefaults, so the SDK fills the schema's defaults.
    await openHub(url, { era: 'legacy' }, { elicitation: async () => ({ action: 'accept', content: {} }) }),
    async (hub) => void (await hub.callTool('test_client_elicitation_defaults')),
  );

const sseRetry: Scenario = async (url) =>
  withHub(await openHub(url, { era: 'legacy' }), async (hub) => void (await hub.callTool('test_reconnection')));

/** Scenario name → what the fixture does against the mock at `url`. */
export const coreScenarios: Record<string, Scenario> = {
  initialize,
  tools_call: toolsCall,
  'request-metadata': requestMetadata,
  'sep-2322-client-request-state': requestState,
  'http-standard-headers': standardHeaders,
  'http-custom-headers': customHeaders,
  'http-invalid-tool-headers': invalidToolHeaders,
  'json-schema-ref-no-deref': refNoDeref,
  'json-schema-2020-12-preservation': schemaPreservation,
  'elicitation-sep1034-client-defaults': elicitationDefaults,
  'sse-retry': sseRetry,
};

// Skills (SEP-2640): list, then load every listed skill the way a host does when the user picks it: SKILL.md and
// each of its files, each verified against the entry. A file that fails verification is refused, not used.
const skills: Scenario = async (url) =>
  withHub(await openHub(url, { era: era() }), async (hub) => {
    const listed = await hub.listSkills();
    if (process.env.MCP_CONFORMANCE_SCENARIO === 'sep-2640-client-no-prefetch') return;
    for (const entry of listed) {
      // A SKILL.md that fails verification means the skill is not loaded at all: none of its other files are read.
      const manifest = await hub
        .readSkill(entry)
        .catch((error: unknown) => void process.stderr.write(`refused: ${String(error)}\n`));
      if (manifest === undefined) continue;
      const listedFiles = Array.isArray(entry.skill.resources) ? entry.skill.resources.map((file) => file.uri) : [];
      for (const ref of listedFiles.filter((uri) => uri !== entry.skill.uri)) {
        await hub.readSkill(entry, ref).catch((error: unknown) => process.stderr.write(`refused: ${String(error)}\n`));
      }
    }
  });

/** The skills scenarios, all driven by {@link skills}. */
export const skillScenarios: Record<string, Scenario> = Object.fromEntries(
  ['no-prefetch', 'verify-digest', 'verify-size', 'verify-frontmatter'].map((name) => [`sep-2640-client-${name}`, skills]),
);
