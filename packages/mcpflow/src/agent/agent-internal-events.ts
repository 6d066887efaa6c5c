import * as z from 'zod';
import { defineEvent } from '../workflow/define-event.ts';

/** @internal One tool call the model asked for, handed to the tool step (one invocation each, so they run in parallel). */
export const ToolCallRequested = defineEvent(
  'agent-tool-call',
  z.object({
    step: z.number(),
    toolCallId: z.string(),
    toolName: z.string(),
    input: z.unknown(),
    index: z.number(),
    count: z.number(),
  }),
);

/** @internal A tool call's result as the model will see it (an AI SDK tool result output). */
export const ToolCallFinished = defineEvent(
  'agent-tool-result',
  z.object({
    toolCallId: z.string(),
    toolName: z.string(),
    output: z.record(z.string(), z.unknown()),
    index: z.number(),
    count: z.number(),
  }),
);

/** @internal Every tool result of a step is in the conversation: call the model again. */
export const ModelTurn = defineEvent('agent-model-turn', z.object({}));

/** @internal The run's state: the conversation (JSON `ModelMessage`s) and the loop's counters. */
export const agentStateSchema = z.object({
  messages: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Where this run's new messages begin. */
  responseStart: z.number().default(0),
  step: z.number().default(0),
  usage: z
    .object({ inputTokens: z.number().optional(), outputTokens: z.number().optional(), totalTokens: z.number().optional() })
    .default({}),
  /** Hub tools found through `search_tools`, offered directly from then on. */
  discovered: z.array(z.string()).default([]),
});

/** @internal */
export type AgentState = z.output<typeof agentStateSchema>;
