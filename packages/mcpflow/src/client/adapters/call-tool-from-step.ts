import type { CallToolResult, Progress } from '@modelcontextprotocol/client';
import type { StepContext } from '../../workflow/step-context.ts';
import type { CallToolOptions, McpHub } from '../mcp-hub.ts';

/** The part of a step's context a hub call uses: its signal, and its progress stream. */
export type StepCallContext = Pick<StepContext, 'signal' | 'progress'>;

/** Options for {@link callToolFromStep}: the hub's call options, minus the signal (the step's is used). */
export interface StepToolCallOptions extends Omit<CallToolOptions, 'signal'> {
  /** Also report the server's progress to the step's progress stream. @default true */
  forwardProgress?: boolean;
}

/**
 * Calls a hub tool from a workflow step: the call is cancelled (with `notifications/cancelled` to the server)
 * when the step's signal aborts — the run was cancelled or the step timed out — and the server's progress streams
 * as the step's progress events. Progress with a `total` becomes the fraction `progress / total`; progress without
 * one keeps the last fraction and carries the count in the message. Rejects like `hub.callTool` (`TOOL_ERROR` for
 * an `isError` result, `CANCELLED`, `REQUEST_TIMEOUT`, …), which fails the step and lets its retry policy decide.
 *
 * @example
 * ```ts
 * .step('lookup', { on: Start, emits: [Found] }, async (event, context) => {
 *   const result = await callToolFromStep(hub, context, 'everything__get-sum', { a: 2, b: 40 });
 *   return Found.create({ text: result.content[0]?.type === 'text' ? result.content[0].text : '' });
 * })
 * ```
 */
export function callToolFromStep(
  hub: McpHub,
  context: StepCallContext,
  name: string,
  args: Record<string, unknown> = {},
  options: StepToolCallOptions = {},
): Promise<CallToolResult> {
  const { forwardProgress = true, onProgress, ...rest } = options;
  let fraction = 0;
  let settled = false;
  const report = (progress: Progress) => {
    onProgress?.(progress);
    // A notification can race the result; once the call settled the step may have returned and its context
    // refuses events, so late progress is dropped.
    if (!forwardProgress || settled) return;
    const { total, message } = progress;
    if (total !== undefined && total > 0) fraction = Math.min(1, Math.max(0, progress.progress / total));
    const text = message ?? (total === undefined ? `${name}: ${progress.progress}` : undefined);
    context.progress(fraction, text);
  };
  return hub.callTool(name, args, { ...rest, signal: context.signal, onProgress: report }).finally(() => {
    settled = true;
  });
}
