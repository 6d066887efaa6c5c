import picomatch from 'picomatch';
import * as z from 'zod';
import type { AgentToolHints } from './agent-tool.ts';

/** What to do with one tool call: run it (`allow`), refuse it (`deny`), or ask a person first (`ask`). */
export type ApprovalDecision = 'allow' | 'deny' | 'ask';

/** What an approval policy function is told about a tool call. */
export interface ToolCallInfo {
  toolName: string;
  input: unknown;
  /** The tool's MCP annotations (e.g. `readOnlyHint`), when it has them. */
  hints: AgentToolHints;
  /** The hub server of the tool, for hub tools. */
  server?: string;
}

/**
 * When tool calls need a person's approval: `allow` (always run), `deny` (never run), `ask` (always ask), per tool
 * as a record from tool names or globs (`'files__*'`) to a decision (unlisted tools: `'*'` if given, else `ask`),
 * or a function deciding per call.
 */
export type ToolApprovalPolicy =
  | ApprovalDecision
  | Readonly<Record<string, ApprovalDecision>>
  | ((call: ToolCallInfo) => ApprovalDecision | Promise<ApprovalDecision>);

/** The answer to an approval request (`run.respond(requestId, answer)`). */
export const approvalAnswerSchema = z.object({
  approved: z.boolean().describe('Run this tool call?'),
  reason: z.string().optional().describe('Why not (told to the model).'),
});

/** @internal Resolves a policy for one call. */
export async function decideApproval(policy: ToolApprovalPolicy, call: ToolCallInfo): Promise<ApprovalDecision> {
  if (typeof policy === 'function') return policy(call);
  if (typeof policy === 'string') return policy;
  const exact = policy[call.toolName];
  if (exact !== undefined) return exact;
  for (const [pattern, decision] of Object.entries(policy)) {
    if (pattern !== '*' && picomatch.isMatch(call.toolName, pattern)) return decision;
  }
  return policy['*'] ?? 'ask';
}
