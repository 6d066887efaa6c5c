#!/usr/bin/env node
// The `mcpflow-docs` command: parses arguments and hands over to runDocsCli (no logic here).
import { runDocsCli } from '../cli/run-docs-cli.ts';

const code = await runDocsCli(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));
if (code !== 0) process.exitCode = code;
