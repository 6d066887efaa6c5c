import type { Progress } from '@modelcontextprotocol/client';
import type { FlexibleSchema, ModelMessage } from 'ai';
import type { ToolResultOutput } from '../client/adapters/to-tool-result-output.ts';
import type { StepContext } from '../workflow/step-context.ts';
import type { InputAsker } from './create-input-asker.ts';

/** Hints a tool gives about itself (MCP tool annotations), for approval policies. */
export interface AgentToolHints {
  readOnlyHint?: boolean | undefined;
  destructiveHint?: boolean | undefined;
  idempotentHint?: boolean | undefined;
  openWorldHint?: boolean | undefined;
}

/** @internal What a tool needs while it runs inside the agent's tool step. */
export interface AgentToolRunContext {
  toolCallId: string;
  signal: AbortSignal;
  /** The conversation up to the model call that asked for this tool. */
  messages: ModelMessage[];
  step: StepContext<unknown>;
  /** Asks the run's human (approval, elicitation) through the step, keeping request ids in step with the engine. */
  asker: InputAsker;
  onProgress(progress: Progress): void;
}

/** @internal What a tool call produced, as the model will see it. */
export interface AgentToolOutcome {
  output: ToolResultOutput;
  isError: boolean;
}

/** @internal One tool as the agent offers it to the model and runs it: hub tools, AI SDK tools and sub-agents alike. */
export interface AgentTool {
  name: string;
  description: string | undefined;
  inputSchema: FlexibleSchema<unknown>;
  hints: AgentToolHints;
  /** The hub server the tool lives on, for routing the server's elicitation and sampling requests. */
  server?: string;
  /** Never asks for approval (meta-tools such as `search_tools`). */
  exempt?: boolean;
  execute(input: unknown, context: AgentToolRunContext): Promise<AgentToolOutcome>;
  /** For meta-tools that stand for another tool (`call_tool`): the tool and input really called (approval applies to it). */
  resolve?(input: unknown): { tool: AgentTool; input: unknown } | { error: string };
}
