import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { CliIo } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { loadModule } from '../load-module.ts';
import { asLine } from '../render-content.ts';

/**
 * `mcpflow diagram FILE [--workflow NAME]`: the Mermaid flowchart of a workflow the module exports. `NAME` is the
 * export name or the workflow's own name; needed only when the module exports several.
 */
export async function runDiagram(options: { file: string; workflow?: string | undefined }, io: CliIo): Promise<ExitCode> {
  const loaded = await loadModule(options.file);
  const entries = [...loaded.workflows.entries()];
  const known = entries.map(([key, workflow]) => (key === workflow.name ? key : `${key} (${workflow.name})`));
  if (entries.length === 0) {
    throw new McpflowError('CONFIG_INVALID', `${options.file} exports no workflow`, { data: { module: options.file } });
  }
  const chosen =
    options.workflow === undefined
      ? entries.length === 1
        ? entries[0]
        : undefined
      : entries.find(([key, workflow]) => key === options.workflow || workflow.name === options.workflow);
  if (chosen === undefined) {
    const message =
      options.workflow === undefined
        ? `${options.file} exports ${entries.length} workflows; choose one with --workflow NAME`
        : `${options.file} exports no workflow named "${options.workflow}"`;
    throw new McpflowError('NOT_FOUND', message, { data: { kind: 'workflow', known } });
  }
  io.stdout(asLine(chosen[1].toMermaid()));
  return exitCodes.ok;
}
