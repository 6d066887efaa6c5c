import type { ToolSet } from 'ai';
import type { ToolResultOutput } from '../client/adapters/to-tool-result-output.ts';
import type { AgentTool, AgentToolRunContext } from './agent-tool.ts';
import { toJsonValue } from './summarize-output.ts';

/** @internal Marks AI SDK tools made by `agent.asTool()`: the parent agent runs them with events and HITL forwarded. */
export const subAgentTool = Symbol.for('mcpflow.agent.subAgentTool');

/** @internal Runs a sub-agent inside a parent's tool step. */
export type SubAgentRunner = (input: unknown, context: AgentToolRunContext, name: string) => Promise<ToolResultOutput>;

/**
 * @internal AI SDK tools as agent tools: `execute` runs in the tool step with the step's signal; `toModelOutput`
 * (when the tool has one) shapes what the model sees, otherwise strings go as text and anything else as JSON; a
 * throw goes to the model as an error. Provider-executed tools are left out (the agent runs tools itself).
 */
export function toAgentToolsFromToolSet(tools: ToolSet): AgentTool[] {
  const converted: AgentTool[] = [];
  for (const [name, tool] of Object.entries(tools)) {
    if (tool.type === 'provider') continue;
    const description = typeof tool.description === 'string' ? tool.description : undefined;
    converted.push({
      name,
      description,
      inputSchema: tool.inputSchema,
      hints: {},
      execute: (input, context) => run(name, tool, input, context),
    });
  }
  return converted;
}

async function run(name: string, tool: ToolSet[string], input: unknown, context: AgentToolRunContext) {
  const runner = (tool as { [subAgentTool]?: SubAgentRunner })[subAgentTool];
  try {
    if (runner !== undefined) return { output: await runner(input, context, name), isError: false };
    if (tool.execute === undefined) {
      return {
        output: { type: 'error-text', value: `tool "${name}" cannot be run here (it has no execute)` } as const,
        isError: true,
      };
    }
    const options = { toolCallId: context.toolCallId, messages: context.messages, abortSignal: context.signal, context: {} };
    let output: unknown = await tool.execute(input as never, options);
    if (isAsyncIterable(output)) {
      // Streaming tools yield preliminary results; the model sees the last one.
      let last: unknown;
      for await (const value of output) last = value;
      output = last;
    }
    if (tool.toModelOutput !== undefined) {
      const modelOutput = await tool.toModelOutput({
        toolCallId: context.toolCallId,
        input: input as never,
        output: output as never,
      });
      return { output: toJsonValue(modelOutput) as unknown as ToolResultOutput, isError: false };
    }
    const plain: ToolResultOutput =
      typeof output === 'string' ? { type: 'text', value: output } : { type: 'json', value: toJsonValue(output) };
    return { output: plain, isError: false };
  } catch (error) {
    if (context.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { output: { type: 'error-text', value: message } as const, isError: true };
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
