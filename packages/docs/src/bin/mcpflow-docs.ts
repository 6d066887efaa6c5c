#!/usr/bin/env node
// The `mcpflow-docs` command, an alias of `mcpflow docs`: hands the arguments to runDocsCli (no logic here).
import { runDocsCli } from '../cli/run-docs-cli.ts';

process.exitCode = await runDocsCli(process.argv.slice(2));
