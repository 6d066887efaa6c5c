/**
 * What the `mcpflow chat` shell needs from an agent: one conversation, driven turn by turn. The shell only renders
 * these events and answers requests; it knows nothing about models or MCP. `create-chat-session.ts` is the one
 * place that builds a session (today a direct AI SDK loop; the `mcpflow/agent` workflow after merge).
 */

/** A JSON Schema for a flat form (MCP elicitation `requestedSchema`: strings, numbers, booleans, enums). */
export interface FormSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

/** One event of a turn, in the order it happened. Every turn ends with exactly one `turn-end`. */
export type ChatEvent =
  /** A piece of the assistant's answer. */
  | { type: 'text-delta'; text: string }
  /** The model called a tool (`tool` is `SERVER/TOOL`); several may be running at once, told apart by `callId`. */
  | { type: 'tool-call-start'; callId: string; tool: string; input: unknown }
  /** The server reported progress for a running call. */
  | { type: 'tool-call-progress'; callId: string; progress: number; total?: number | undefined; message?: string | undefined }
  /** A call finished; `summary` is a short text of its result (or of the error when `isError`). */
  | { type: 'tool-call-end'; callId: string; tool: string; isError: boolean; summary: string }
  /** The session wants a yes/no before running a tool: answer with `respond(requestId, { approved })`. */
  | { type: 'approval-request'; requestId: string; callId: string; tool: string; input: unknown }
  /**
   * A server asks to use the model (MCP sampling) while one of its tools runs: answer with `respond(requestId,
   * { approved })`. `prompt` is the request's last message as text.
   */
  | { type: 'sampling-request'; requestId: string; server: string; prompt: string; maxTokens: number }
  /** A server asks the user for input (MCP elicitation, form mode): answer with `respond(requestId, ElicitationAnswer)`. */
  | { type: 'input-request'; requestId: string; server: string; message: string; schema: FormSchema }
  /** The turn is over: `finished` normally, `cancelled` after the signal fired, `failed` with an error message. */
  | { type: 'turn-end'; reason: 'finished' | 'cancelled' | 'failed'; error?: string | undefined };

/** The answer to an `approval-request` or a `sampling-request`. */
export interface ApprovalAnswer {
  approved: boolean;
  /** Told to the model when the call is refused. */
  reason?: string;
}

/** The answer to an `input-request`, shaped like MCP's `ElicitResult`. */
export interface ElicitationAnswer {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** One conversation with a model over the configured servers. */
export interface ChatSession {
  /** A line for the banner, e.g. `ollama:llama3.2 · 2 servers · 27 tools`. */
  readonly description: string;
  /**
   * Runs one turn for the user's message; the history carries over between turns. Aborting `signal` cancels the
   * turn (running tool calls are cancelled on their servers) and the stream ends with `turn-end` `cancelled`; the
   * session stays usable.
   */
  send(message: string, signal: AbortSignal): AsyncIterable<ChatEvent>;
  /** Answers a pending approval, sampling or input request of the current turn. Unknown ids are ignored. */
  respond(requestId: string, answer: ApprovalAnswer | ElicitationAnswer): void;
  /** Ends the session: closes the servers it started. */
  close(): Promise<void>;
}
