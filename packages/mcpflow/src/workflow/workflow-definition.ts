import type * as z from 'zod';
import type { AnyEventDefinition, WorkflowEvent } from './define-event.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { StepContext } from './step-context.ts';
import type { WorkflowHooks } from './workflow-hooks.ts';

/** @internal A step handler with its types erased. */
// biome-ignore lint/suspicious/noExplicitAny: handlers are stored with erased types and called with matching values.
export type ErasedStepHandler = (event: WorkflowEvent, context: StepContext<any, any>) => unknown;

/** A step as the engine sees it; `Workflow.steps` exposes the same shape, without the handler. */
export interface StepInfo {
  readonly name: string;
  readonly description: string | undefined;
  /** Event types that trigger the step. */
  readonly on: readonly string[];
  /** Event types the step may emit. */
  readonly emits: readonly string[];
  /** How many invocations of this step may run at once. */
  readonly concurrency: number;
  readonly timeoutMs: number | undefined;
  readonly retry: RetryPolicy | undefined;
}

/** @internal */
export interface StepDefinition extends StepInfo {
  readonly onDefinitions: readonly AnyEventDefinition[];
  readonly emitDefinitions: readonly AnyEventDefinition[];
  readonly emitTypes: ReadonlySet<string>;
  readonly handler: ErasedStepHandler;
}

/** @internal Everything the engine needs to run a workflow, indexed for dispatch. */
export interface WorkflowDefinition {
  readonly name: string;
  readonly description: string;
  readonly start: AnyEventDefinition;
  readonly stop: AnyEventDefinition;
  readonly external: readonly AnyEventDefinition[];
  readonly stateSchema: z.ZodType;
  readonly timeoutMs: number | undefined;
  readonly hooks: WorkflowHooks | undefined;
  readonly steps: readonly StepDefinition[];
  readonly stepsByName: ReadonlyMap<string, StepDefinition>;
  readonly stepsByType: ReadonlyMap<string, readonly StepDefinition[]>;
  readonly definitionsByType: ReadonlyMap<string, AnyEventDefinition>;
}
