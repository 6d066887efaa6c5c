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

/** Persistence for tasks, keyed by task id. Share one store between processes to serve tasks from any of them. */
export interface TaskStore {
  get(taskId: string): Promise<TaskRecord | undefined>;
  put(record: TaskRecord): Promise<void>;
  delete(taskId: string): Promise<void>;
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
