/**
 * mcpflow: event-driven workflows (events, steps, typed state, streaming, human in the loop, snapshots)
 * that join the Model Context Protocol in both directions.
 *
 * This entry point is runtime-neutral and is the complete public surface of `mcpflow`; Node-only parts live at
 * subpaths (`mcpflow/sqlite`). Every export is listed by name on purpose.
 *
 * @module
 */
export { McpflowError, type McpflowErrorCode, type McpflowErrorOptions, toMcpflowError } from './errors/mcpflow-error.ts';
export { InputRequestEvent, ProgressEvent } from './workflow/built-in-events.ts';
export {
  createWorkflow,
  type InputOf,
  type RunOptions,
  type StepHandler,
  type StepOptions,
  type StepOutput,
  type Workflow,
  type WorkflowBuilder,
  type WorkflowOptions,
} from './workflow/create-workflow.ts';
export {
  type AnyEventDefinition,
  type DataOf,
  type DefineEventOptions,
  defineEvent,
  type EventDefinition,
  type EventOf,
  type WorkflowEvent,
} from './workflow/define-event.ts';
export type { InputKind, PendingInput } from './workflow/input-registry.ts';
export { type RetryPolicy, retryDelay } from './workflow/retry-policy.ts';
export {
  type SamplingRequest,
  type SamplingResult,
  samplingRequestSchema,
  samplingResultSchema,
} from './workflow/sampling-request.ts';
export { createMemorySnapshotStore, type SnapshotStore, type SnapshotSummary } from './workflow/snapshot-store.ts';
export type { InputRequest, StateAccess, StepContext } from './workflow/step-context.ts';
export { type DiagramSource, toMermaid } from './workflow/to-mermaid.ts';
export type { StepInfo } from './workflow/workflow-definition.ts';
export type { RunIdentity, StepIdentity, WorkflowHooks } from './workflow/workflow-hooks.ts';
export type { RunControlOptions, RunStatus, WorkflowRun } from './workflow/workflow-run.ts';
export { parseWorkflowSnapshot, type SnapshotInput, type WorkflowSnapshot } from './workflow/workflow-snapshot.ts';
