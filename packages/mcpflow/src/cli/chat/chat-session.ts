/**
 * What the `mcpflow chat` shell needs from an agent: one conversation, driven turn by turn. The shell only renders
 * these events and answers requests; it knows nothing about models or MCP. `create-chat-session.ts` builds the one
 * implementation, over an `mcpflow/agent` agent.
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
   * A yes/no question, e.g. a server asking to use the model (MCP sampling) while one of its tools runs: answer with
   * `respond(requestId, { approved })`. `message` is the whole question.
   */
  | { type: 'question'; requestId: string; message: string }
  /**
   * Someone asks the user for input (a server's MCP elicitation, `server` naming it): answer with
   * `respond(requestId, ElicitationAnswer)`.
   */
  | { type: 'input-request'; requestId: string; server?: string | undefined; message: string; schema: FormSchema }
  /** Something the user should know that is not the model's answer, e.g. that the turn ran out of steps. */
  | { type: 'notice'; text: string }
  /** The turn is over: `finished` normally, `cancelled` after the signal fired, `failed` with an error message. */
  | { type: 'turn-end'; reason: 'finished' | 'cancelled' | 'failed'; error?: string | undefined };

/** The answer to an `approval-request` or a `question`. */
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
  /** Answers a pending approval, question or input request of the current turn. Unknown ids are ignored. */
  respond(requestId: string, answer: ApprovalAnswer | ElicitationAnswer): void;
  /** Ends the session: closes the servers it started. */
  close(): Promise<void>;
}
