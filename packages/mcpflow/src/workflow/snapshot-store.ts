import { McpflowError } from '../errors/mcpflow-error.ts';
import { parseWorkflowSnapshot, type WorkflowSnapshot } from './workflow-snapshot.ts';

/** A line of {@link SnapshotStore.list}. */
export interface SnapshotSummary {
  runId: string;
  workflow: string;
  savedAt: number;
}

/**
 * Where run snapshots are kept, keyed by run id. Implementations must store the snapshot as JSON (a later
 * `load` may happen in another process) and keep one snapshot per run, the latest saved.
 */
export interface SnapshotStore {
  save(snapshot: WorkflowSnapshot): Promise<void>;
  /** The snapshot of `runId`, or `undefined` when there is none. */
  load(runId: string): Promise<WorkflowSnapshot | undefined>;
  /** Removes the snapshot of `runId`; nothing happens when there is none. */
  delete(runId: string): Promise<void>;
  /** The stored runs, oldest save first, optionally of one workflow only. */
  list(filter?: { workflow?: string }): Promise<SnapshotSummary[]>;
  /**
   * Optional, for stores shared between processes: removes and returns the snapshot of `runId` only if it is the
   * save made at `savedAt`, atomically (of two concurrent takes, one gets it); `undefined` otherwise.
   */
  take?(runId: string, savedAt: number): Promise<WorkflowSnapshot | undefined>;
}

/**
 * A snapshot store in this process's memory, for tests and for runs that need not outlive the process.
 * Snapshots go through JSON on the way in, so anything a file store would refuse is refused here too.
 */
export function createMemorySnapshotStore(): SnapshotStore {
  const snapshots = new Map<string, string>();
  return {
    async save(snapshot) {
      snapshots.delete(snapshot.runId);
      snapshots.set(snapshot.runId, serialiseSnapshot(snapshot));
    },
    async load(runId) {
      const text = snapshots.get(runId);
      return text === undefined ? undefined : deserialiseSnapshot(text);
    },
    async delete(runId) {
      snapshots.delete(runId);
    },
    async list(filter = {}) {
      const summaries: SnapshotSummary[] = [];
      for (const text of snapshots.values()) {
        const { runId, workflow, savedAt } = deserialiseSnapshot(text);
        if (filter.workflow === undefined || filter.workflow === workflow) summaries.push({ runId, workflow, savedAt });
      }
      return summaries;
    },
  };
}

/** @internal JSON text of a snapshot; throws `SNAPSHOT_FAILED` when it holds something JSON cannot carry. */
export function serialiseSnapshot(snapshot: WorkflowSnapshot): string {
  try {
    return JSON.stringify(snapshot);
  } catch (error) {
    throw new McpflowError('SNAPSHOT_FAILED', `the snapshot of run "${snapshot.runId}" is not JSON-serialisable`, {
      cause: error,
    });
  }
}

/** @internal Parses and checks stored snapshot text. */
export function deserialiseSnapshot(text: string): WorkflowSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new McpflowError('INVALID_SNAPSHOT', 'a stored snapshot is not valid JSON', { cause: error });
  }
  return parseWorkflowSnapshot(value);
}
