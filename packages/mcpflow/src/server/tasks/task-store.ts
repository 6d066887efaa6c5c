import type { CallToolResult } from '@modelcontextprotocol/server';
import type { WorkflowSnapshot } from '../../workflow/workflow-snapshot.ts';

/** Where a task is in its life (SEP-2663). */
export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** One task as it is kept: its public fields, its outcome, and what is needed to resume it after a restart. */
export interface TaskRecord {
  taskId: string;
  /** The tool that created it. */
  tool: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number;
  pollIntervalMs: number;
  /** The tool result, once completed (errors reported by the tool included, with `isError`). */
  result?: CallToolResult;
  /** The JSON-RPC error, once failed. */
  error?: { code: number; message: string; data?: unknown };
  /** Open input requests by server-minted key, while `input_required`. */
  inputRequests?: Record<string, unknown> | undefined;
  /** A workflow task waiting for input: its snapshot and which key answers which workflow request. */
  resume?: { snapshot: WorkflowSnapshot; requests: Record<string, string> } | undefined;
}

/** What one process asks of the process that runs a task live (a shared store carries it between processes). */
export type TaskMessage = { kind: 'cancel' } | { kind: 'input'; inputResponses: Record<string, unknown> };

/** Receives {@link TaskMessage}s; resolves `true` when this process runs the task and took the message. */
export type TaskMessageHandler = (taskId: string, message: TaskMessage) => Promise<boolean>;

/** Persistence for tasks, keyed by task id. Share one store between processes to serve tasks from any of them. */
export interface TaskStore {
  get(taskId: string): Promise<TaskRecord | undefined>;
  put(record: TaskRecord): Promise<void>;
  delete(taskId: string): Promise<void>;
  /**
   * For stores shared between live processes: delivers a message to whichever process runs `taskId` live;
   * `true` once that process took it, `false` when none did (then this process finishes or resumes the task).
   * Stores without it (memory, SQLite) mean only this process runs tasks.
   */
  send?(taskId: string, message: TaskMessage): Promise<boolean>;
  /** Registers this process to receive messages for the tasks it runs live; returns the unregister function. */
  receive?(handler: TaskMessageHandler): () => void;
}

/** Tasks kept in this process's memory (they end with it). Records are copied in and out, as a real store would. */
export function createMemoryTaskStore(): TaskStore {
  const records = new Map<string, string>();
  return {
    async get(taskId) {
      const text = records.get(taskId);
      return text === undefined ? undefined : (JSON.parse(text) as TaskRecord);
    },
    async put(record) {
      records.set(record.taskId, JSON.stringify(record));
    },
    async delete(taskId) {
      records.delete(taskId);
    },
  };
}
