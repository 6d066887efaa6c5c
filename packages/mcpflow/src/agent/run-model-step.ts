import { type LanguageModelUsage, type ModelMessage, streamText, type Tool, type ToolSet } from 'ai';
import type { EventOf } from '../workflow/define-event.ts';
import type { StepContext } from '../workflow/step-context.ts';
import {
  AgentAnswerEvent,
  type AgentStartEvent,
  type AgentUsage,
  ModelStepEndEvent,
  ModelStepStartEvent,
  ReasoningDeltaEvent,
  TextDeltaEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from './agent-events.ts';
import { type AgentState, ModelTurn, ToolCallRequested } from './agent-internal-events.ts';
import type { AgentOptions } from './agent-options.ts';
import { appendToolResults } from './append-tool-results.ts';
import { collectAgentTools, type ToolSources } from './collect-agent-tools.ts';

/** @internal What the model step needs besides its event. */
export interface ModelStepSettings {
  options: AgentOptions;
  sources: ToolSources;
  maxSteps: number;
}

type Emitted = EventOf<typeof AgentAnswerEvent> | EventOf<typeof ToolCallRequested> | EventOf<typeof ModelTurn>;

/**
 * @internal One model call: streams text and reasoning, records the response in the conversation, then either
 * answers (no tool calls), stops at the step budget, or hands each tool call to the tool step.
 */
export async function runModelStep(
  event: EventOf<typeof AgentStartEvent> | { type: string; data: unknown },
  context: StepContext<AgentState, Emitted>,
  settings: ModelStepSettings,
): Promise<Emitted | Emitted[]> {
  if (event.type === 'agent-start') {
    const start = event.data as EventOf<typeof AgentStartEvent>['data'];
    const earlier = start.messages ?? [];
    const prompt = start.prompt === undefined ? [] : [{ role: 'user', content: start.prompt }];
    // The turn's messages start with its prompt, so that appending them to the history carries the whole turn.
    await context.state.update((state) => ({ ...state, messages: [...earlier, ...prompt], responseStart: earlier.length }));
  }
  const state = context.state.get();
  const step = state.step + 1;
  context.write(ModelStepStartEvent.create({ step }));
  const tools = await collectAgentTools(settings.sources, state.discovered);
  // Without `execute`: the AI SDK only reports the calls; the tool step runs them.
  const modelTools: ToolSet = {};
  for (const entry of tools.values()) {
    const described = entry.description === undefined ? {} : { description: entry.description };
    modelTools[entry.name] = { ...described, inputSchema: entry.inputSchema } as Tool;
  }
  const { options } = settings;
  const result = streamText({
    model: options.model,
    ...(options.system === undefined ? {} : { system: options.system }),
    messages: state.messages as unknown as ModelMessage[],
    tools: modelTools,
    abortSignal: context.signal,
    ...options.modelSettings,
    // Failures surface as the stream's error part and fail the step; nothing is printed.
    onError: () => undefined,
  });
  let text = '';
  const calls: { toolCallId: string; toolName: string; input: unknown }[] = [];
  const invalid = new Map<string, { toolName: string; input: unknown; error: string }>();
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
      context.write(TextDeltaEvent.create({ step, text: part.text }));
    } else if (part.type === 'reasoning-delta') {
      context.write(ReasoningDeltaEvent.create({ step, text: part.text }));
    } else if (part.type === 'tool-call' && part.invalid !== true) {
      calls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input ?? {} });
    } else if (part.type === 'tool-error' && !calls.some((call) => call.toolCallId === part.toolCallId)) {
      // An unknown tool or unparsable input: the AI SDK answers it with an error result in its own response.
      invalid.set(part.toolCallId, { toolName: part.toolName, input: part.input, error: String(part.error) });
    } else if (part.type === 'error') {
      throw part.error;
    }
  }
  context.signal.throwIfAborted();
  const [response, finishReason, usage] = await Promise.all([result.response, result.finishReason, result.usage]);
  const stepUsage = toUsage(usage);
  const turnMessages = JSON.parse(JSON.stringify(response.messages)) as Record<string, unknown>[];
  const next = await context.state.update((current) => ({
    ...current,
    step,
    messages: [...current.messages, ...turnMessages],
    usage: addUsage(current.usage, stepUsage),
  }));
  const toolCalls = calls.length + invalid.size;
  context.write(ModelStepEndEvent.create({ step, finishReason, toolCalls, usage: stepUsage }));
  for (const [toolCallId, call] of invalid) {
    context.write(ToolCallStartEvent.create({ step, toolCallId, toolName: call.toolName, input: call.input }));
    const end = { step, toolCallId, ...call, outcome: 'error' as const, summary: call.error.slice(0, 200), durationMs: 0 };
    context.write(ToolCallEndEvent.create(end));
  }
  const answer = (reason: EventOf<typeof AgentAnswerEvent>['data']['finishReason'], final: AgentState) =>
    AgentAnswerEvent.create({
      text,
      finishReason: reason,
      steps: step,
      usage: final.usage,
      turnMessages: final.messages.slice(final.responseStart),
    });
  if (toolCalls === 0) return answer(toAnswerReason(finishReason), next);
  if (step >= settings.maxSteps) {
    // The conversation must stay valid for the next turn: every tool call gets a result, here a refusal.
    const value = `not run: the agent reached its limit of ${settings.maxSteps} steps`;
    const skipped = calls.map((call) => ({
      type: 'tool-result' as const,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: { type: 'error-text', value },
    }));
    const final = await context.state.update((current) => ({
      ...current,
      messages: appendToolResults(current.messages, skipped),
    }));
    for (const call of calls) {
      context.write(ToolCallEndEvent.create({ step, ...call, outcome: 'skipped', summary: value, durationMs: 0 }));
    }
    return answer('max-steps', final);
  }
  // Only invalid calls: their error results are already in the conversation; let the model try again.
  if (calls.length === 0) return ModelTurn.create({});
  return calls.map((call, index) => ToolCallRequested.create({ step, ...call, index, count: calls.length }));
}

function toAnswerReason(reason: string): EventOf<typeof AgentAnswerEvent>['data']['finishReason'] {
  return reason === 'stop' || reason === 'length' || reason === 'content-filter' || reason === 'error' ? reason : 'other';
}

function toUsage(usage: LanguageModelUsage): AgentUsage {
  const counted: AgentUsage = {};
  if (usage.inputTokens !== undefined) counted.inputTokens = usage.inputTokens;
  if (usage.outputTokens !== undefined) counted.outputTokens = usage.outputTokens;
  if (usage.totalTokens !== undefined) counted.totalTokens = usage.totalTokens;
  return counted;
}

function addUsage(left: AgentUsage, right: AgentUsage): AgentUsage {
  const sum: AgentUsage = {};
  for (const key of ['inputTokens', 'outputTokens', 'totalTokens'] as const) {
    if (left[key] !== undefined || right[key] !== undefined) sum[key] = (left[key] ?? 0) + (right[key] ?? 0);
  }
  return sum;
}
