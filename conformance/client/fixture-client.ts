// The conformance fixture client: one process per scenario, built on mcpflow/client's public API. The runner
// names the scenario in MCP_CONFORMANCE_SCENARIO and appends the mock server's URL as the last argument.
import { authScenarios } from './auth-scenarios.ts';
import { coreScenarios, skillScenarios } from './core-scenarios.ts';

const scenarios = { ...coreScenarios, ...skillScenarios, ...authScenarios };
const name = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const url = process.argv.at(-1) ?? '';
const scenario = scenarios[name];

if (scenario === undefined || !URL.canParse(url)) {
  process.stderr.write(`usage: MCP_CONFORMANCE_SCENARIO=<name> fixture-client.ts <url>; scenarios:\n`);
  for (const known of Object.keys(scenarios).sort()) process.stderr.write(`  ${known}\n`);
  process.exit(2);
}
try {
  await scenario(url);
  process.exit(0);
} catch (error) {
  process.stderr.write(`scenario ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
