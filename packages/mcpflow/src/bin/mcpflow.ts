#!/usr/bin/env node
// The `mcpflow` command: hands the arguments to runCli (no logic here, and nothing heavy imported up front).
import { runCli } from '../cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
