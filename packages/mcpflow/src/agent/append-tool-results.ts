/** @internal A tool result part of a `tool` message (JSON form of the AI SDK's `ToolResultPart`). */
export interface ToolResultEntry {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  output: Record<string, unknown>;
}

/**
 * @internal Adds tool results to the conversation, into the trailing `tool` message when there is one: the AI SDK
 * already answers invalid calls (unknown tool, unparsable input) in its own response, and one step's results
 * belong in one message.
 */
export function appendToolResults(
  messages: readonly Record<string, unknown>[],
  results: readonly ToolResultEntry[],
): Record<string, unknown>[] {
  const last = messages.at(-1);
  if (last?.role === 'tool' && Array.isArray(last.content)) {
    return [...messages.slice(0, -1), { ...last, content: [...last.content, ...results] }];
  }
  return [...messages, { role: 'tool', content: [...results] }];
}
