import { type Tool, tool } from 'ai';
import * as z from 'zod';
import { createWorkflow, type Workflow } from '../workflow/create-workflow.ts';
import { AgentAnswerEvent, AgentStartEvent } from './agent-events.ts';
import { agentStateSchema, ModelTurn, ToolCallFinished, ToolCallRequested } from './agent-internal-events.ts';
import type { AgentOptions } from './agent-options.ts';
import { appendToolResults } from './append-tool-results.ts';
import { splitToolSources, type ToolSources } from './collect-agent-tools.ts';
import { routerOf } from './create-agent-hub-handlers.ts';
import { runModelStep } from './run-model-step.ts';
import { runSubAgent } from './run-sub-agent.ts';
import { runToolStep } from './run-tool-step.ts';
import { subAgentTool } from './tool-set-agent-tools.ts';

/** An agent's workflow: start with `{ prompt }` and/or `{ messages }`, stop with the answer. */
export type AgentWorkflow = Workflow<typeof AgentStartEvent, typeof AgentAnswerEvent, typeof agentStateSchema>;

/** Options for `agent.asTool()`. */
export interface AgentAsToolOptions {
  /** What the tool does, for the calling agent's model. @default the agent's description */
  description?: string;
}

/**
 * A tool-calling agent. It is a workflow: `run`, `resume`, stream its events, serve it with
 * `createMcpflowServer().workflow(agent)`; and it can be another agent's tool (`asTool()`).
 */
export interface Agent extends AgentWorkflow {
  /**
   * This agent as an AI SDK tool taking `{ prompt }` and answering with the agent's final text. Inside another
   * agent, its events are forwarded (as `sub-agent-event`) and its approvals and other input requests become the
   * outer run's; elsewhere `execute` simply runs it.
   */
  asTool(options?: AgentAsToolOptions): Tool<{ prompt: string }, string>;
}

/**
 * Creates an agent: a workflow that calls `model`, runs the tools it asks for (in parallel, each as its own step,
 * with approval as human-in-the-loop input requests), gives them back their results, errors and refusals, and
 * repeats until the model answers or `maxSteps` is reached.
 *
 * @example
 * ```ts
 * const agent = createAgent({ name: 'assistant', model: openai('gpt-4.1'), tools: hub, approval: 'ask' })
 * const run = agent.run({ prompt: 'What is 2 + 40?' })
 * for await (const event of run.events) if (TextDeltaEvent.is(event)) process.stdout.write(event.data.text)
 * console.log((await run.result).text)
 * ```
 */
export function createAgent(options: AgentOptions): Agent {
  const { hubs, toolSets } = splitToolSources(options.tools);
  const router = routerOf(options.hubHandlers);
  router?.bindModel(options.model);
  const search = options.toolSearch === false ? false : { budget: 40, addFoundTools: true, ...options.toolSearch };
  const sources: ToolSources = {
    hubs,
    toolSets,
    toolSearch: search,
    media: options.toolMedia ?? 'file',
    router,
    model: options.model,
  };
  const maxSteps = options.maxSteps ?? 10;
  const approval = options.approval ?? 'allow';
  const workflow = createWorkflow({
    name: options.name,
    description: options.description ?? '',
    start: AgentStartEvent,
    stop: AgentAnswerEvent,
    state: agentStateSchema,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
  })
    .step(
      'model',
      {
        on: [AgentStartEvent, ModelTurn],
        emits: [AgentAnswerEvent, ToolCallRequested, ModelTurn],
        description: 'Calls the model',
      },
      (event, context) => runModelStep(event, context, { options, sources, maxSteps }),
    )
    .step(
      'tool',
      {
        on: [ToolCallRequested],
        emits: [ToolCallFinished],
        description: 'Approves and runs one tool call',
        concurrency: options.toolConcurrency ?? Number.POSITIVE_INFINITY,
      },
      (event, context) => runToolStep(event, context, { sources, approval }),
    )
    .step(
      'gather',
      { on: [ToolCallFinished], emits: [ModelTurn], description: 'Gives the model every result' },
      async (event, context) => {
        const results = context.collect(event, ToolCallFinished, event.data.count);
        if (results === undefined) return;
        const ordered = [...results].sort((left, right) => left.data.index - right.data.index);
        const content = ordered.map(({ data }) => ({
          type: 'tool-result' as const,
          toolCallId: data.toolCallId,
          toolName: data.toolName,
          output: data.output,
        }));
        await context.state.update((state) => ({ ...state, messages: appendToolResults(state.messages, content) }));
        return ModelTurn.create({});
      },
    )
    .build();
  const agent: Agent = {
    ...workflow,
    toMermaid: () => workflow.toMermaid(),
    asTool(asToolOptions = {}) {
      const made = tool({
        description: asToolOptions.description ?? (options.description || `Ask the ${options.name} agent`),
        inputSchema: z.object({ prompt: z.string().describe(`What to ask the ${options.name} agent`) }),
        execute: async ({ prompt }, { abortSignal }) =>
          (await workflow.run({ prompt }, abortSignal === undefined ? {} : { signal: abortSignal }).result).text,
      });
      Object.defineProperty(made, subAgentTool, { value: runSubAgent(workflow) });
      return made as Tool<{ prompt: string }, string>;
    },
  };
  return agent;
}
