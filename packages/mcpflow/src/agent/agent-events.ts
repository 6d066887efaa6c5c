import * as z from 'zod';
import type { InputRequestEvent, ProgressEvent } from '../workflow/built-in-events.ts';
import { defineEvent, type EventOf } from '../workflow/define-event.ts';

const usageSchema = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  totalTokens: z.number().optional(),
});

/** Token counts summed over a run's model calls (absent when the provider did not report them). */
export type AgentUsage = z.output<typeof usageSchema>;

/** What starts an agent run: a prompt, earlier conversation messages (AI SDK `ModelMessage`s), or both. */
export const AgentStartEvent = defineEvent(
  'agent-start',
  z
    .object({
      prompt: z.string().optional().describe('What to ask the agent.'),
      messages: z.array(z.record(z.string(), z.unknown())).optional().describe('Earlier conversation (AI SDK ModelMessage[]).'),
    })
    .refine((data) => data.prompt !== undefined || (data.messages?.length ?? 0) > 0, {
      message: 'give a prompt or at least one message',
    }),
  { description: 'A prompt and/or the conversation so far.' },
);

/** The agent's final answer: the run's stop event. */
export const AgentAnswerEvent = defineEvent(
  'agent-answer',
  z.object({
    text: z.string(),
    /** `stop`: the model answered; `max-steps`: the step budget ran out while the model still wanted tools. */
    finishReason: z.enum(['stop', 'max-steps', 'length', 'content-filter', 'error', 'other']),
    steps: z.number(),
    usage: usageSchema,
    /** This turn's messages (the prompt's user message, then the assistant and tool messages): append them to the conversation. */
    turnMessages: z.array(z.record(z.string(), z.unknown())),
  }),
  { description: "The agent's final answer." },
);

/** Streamed when a model call (one "step" of the agent loop) begins. */
export const ModelStepStartEvent = defineEvent('model-step-start', z.object({ step: z.number() }));

/** Streamed for each piece of text the model writes. */
export const TextDeltaEvent = defineEvent('text-delta', z.object({ step: z.number(), text: z.string() }));

/** Streamed for each piece of reasoning text, for models that expose it. */
export const ReasoningDeltaEvent = defineEvent('reasoning-delta', z.object({ step: z.number(), text: z.string() }));

/** Streamed when a model call ends: why it stopped and what it asked for. */
export const ModelStepEndEvent = defineEvent(
  'model-step-end',
  z.object({ step: z.number(), finishReason: z.string(), toolCalls: z.number(), usage: usageSchema }),
);

/** Streamed when the agent starts handling a tool call (before approval). */
export const ToolCallStartEvent = defineEvent(
  'tool-call-start',
  z.object({ step: z.number(), toolCallId: z.string(), toolName: z.string(), input: z.unknown() }),
);

/**
 * Streamed when a tool call needs a person's approval. The run also streams the matching `mcpflow:input-request`
 * (same `requestId`); answer with `run.respond(requestId, { approved: true })`, `{ approved: false, reason }`, or
 * `run.decline(requestId)`. Served over MCP, it is an elicitation.
 */
export const ToolApprovalRequestEvent = defineEvent(
  'tool-approval-request',
  z.object({ requestId: z.string(), toolCallId: z.string(), toolName: z.string(), input: z.unknown(), message: z.string() }),
);

/** Streamed when a tool reports progress (MCP progress notifications). */
export const ToolCallProgressEvent = defineEvent(
  'tool-call-progress',
  z.object({
    toolCallId: z.string(),
    toolName: z.string(),
    progress: z.number(),
    total: z.number().optional(),
    message: z.string().optional(),
  }),
);

/** Streamed when a tool call is over: its outcome and a short, human-readable summary of its result. */
export const ToolCallEndEvent = defineEvent(
  'tool-call-end',
  z.object({
    step: z.number(),
    toolCallId: z.string(),
    toolName: z.string(),
    input: z.unknown(),
    /** `success`; `error`: the tool failed and the model was told; `denied`: approval was refused; `skipped`: not run (step budget). */
    outcome: z.enum(['success', 'error', 'denied', 'skipped']),
    summary: z.string(),
    durationMs: z.number(),
  }),
);

/** Streamed by an agent used as a tool of another agent: one of the inner agent's events, tagged with its name. */
export const SubAgentEvent = defineEvent(
  'sub-agent-event',
  z.object({ agent: z.string(), toolCallId: z.string(), event: z.object({ type: z.string(), data: z.unknown() }) }),
);

/** Any event an agent run streams besides the engine's own (`mcpflow:input-request`, `mcpflow:progress`). */
export type AgentEvent =
  | EventOf<typeof ModelStepStartEvent>
  | EventOf<typeof TextDeltaEvent>
  | EventOf<typeof ReasoningDeltaEvent>
  | EventOf<typeof ModelStepEndEvent>
  | EventOf<typeof ToolCallStartEvent>
  | EventOf<typeof ToolApprovalRequestEvent>
  | EventOf<typeof ToolCallProgressEvent>
  | EventOf<typeof ToolCallEndEvent>
  | EventOf<typeof SubAgentEvent>
  | EventOf<typeof AgentAnswerEvent>;

/**
 * Everything an agent run's `events` stream carries: the agent's events, the engine's input requests (approvals,
 * servers' elicitation, sub-agents' questions; answer with `run.respond` or `run.decline`) and progress.
 */
export type AgentRunEvent = AgentEvent | EventOf<typeof InputRequestEvent> | EventOf<typeof ProgressEvent>;
