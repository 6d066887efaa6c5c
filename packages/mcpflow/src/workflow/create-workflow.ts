import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { AnyEventDefinition, DataOf, EventDefinition, EventOf, WorkflowEvent } from './define-event.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { StepContext } from './step-context.ts';
import { toMermaid } from './to-mermaid.ts';
import { validateWorkflow } from './validate-workflow.ts';
import type { ErasedStepHandler, StepDefinition, StepInfo, WorkflowDefinition } from './workflow-definition.ts';
import type { WorkflowHooks } from './workflow-hooks.ts';
import type { RunControlOptions, WorkflowRun } from './workflow-run.ts';
import { WorkflowRunner } from './workflow-runner.ts';
import { parseWorkflowSnapshot, type WorkflowSnapshot } from './workflow-snapshot.ts';

/** Options for {@link createWorkflow}. */
export interface WorkflowOptions<
  TStart extends AnyEventDefinition,
  TStop extends AnyEventDefinition,
  TStateSchema extends z.ZodType,
> {
  /** The workflow's name; also its MCP tool name when served. */
  name: string;
  /** What the workflow does; also its MCP tool description. @default '' */
  description?: string;
  /** The event a run begins with; `run(input)` validates `input` against its schema. */
  start: TStart;
  /** The event that ends a run; its data is the run's result. */
  stop: TStop;
  /** The schema of the run's state; the initial state is parsed from `initialState` (or `{}`), so defaults apply. */
  state?: TStateSchema;
  /** Events that arrive from outside through `run.send` (a run with some never stalls: it waits for them). */
  external?: readonly AnyEventDefinition[];
  /** Default run timeout. @default none */
  timeoutMs?: number;
  /** Instrumentation for every run of this workflow. */
  hooks?: WorkflowHooks;
}

/** Options of one step. */
export interface StepOptions<TOn extends readonly AnyEventDefinition[], TEmits extends readonly AnyEventDefinition[]> {
  /** The events that trigger the step; it runs once per event. */
  on: TOn;
  /** The events the step may return or send; anything else fails the step with `UNKNOWN_EVENT`. @default [] */
  emits?: TEmits;
  /** What the step does (for diagrams). */
  description?: string;
  /** How many invocations of the step may run at once; the rest wait in order. @default Infinity */
  concurrency?: number;
  /** Fails an attempt with `STEP_TIMEOUT` (and aborts its signal) after this long. @default none */
  timeoutMs?: number;
  /** Retries a failed attempt. @default no retries */
  retry?: RetryPolicy;
}

/** What a step may return: one event, several, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing are typed `void`.
export type StepOutput<TEvent> = TEvent | readonly TEvent[] | undefined | void;

/** A step's handler: receives one triggering event and the step context. */
export type StepHandler<TState, TOn extends readonly AnyEventDefinition[], TEmits extends readonly AnyEventDefinition[]> = (
  event: EventOf<TOn[number]>,
  context: StepContext<TState, EventOf<TEmits[number]>>,
) => StepOutput<EventOf<TEmits[number]>> | Promise<StepOutput<EventOf<TEmits[number]>>>;

/** The input type of an event definition. */
export type InputOf<TDefinition> = TDefinition extends EventDefinition<string, infer TSchema> ? z.input<TSchema> : never;

/** Options for `workflow.run`. */
export interface RunOptions<TStateInput = unknown> extends RunControlOptions {
  /** The run's id. @default a random UUID */
  runId?: string;
  /** The initial state, parsed by the state schema. @default {} */
  initialState?: TStateInput;
}

/** A built, validated workflow: run it any number of times, concurrently; runs share nothing. */
export interface Workflow<
  TStart extends AnyEventDefinition = AnyEventDefinition,
  TStop extends AnyEventDefinition = AnyEventDefinition,
  TStateSchema extends z.ZodType = z.ZodType,
> {
  readonly name: string;
  readonly description: string;
  readonly start: TStart;
  readonly stop: TStop;
  readonly stateSchema: TStateSchema;
  readonly external: readonly AnyEventDefinition[];
  readonly steps: readonly StepInfo[];
  readonly timeoutMs: number | undefined;
  /** Starts a run; throws `INVALID_EVENT` or `INVALID_STATE` at once when `input` or `initialState` does not fit. */
  run(input: InputOf<TStart>, options?: RunOptions<z.input<TStateSchema>>): WorkflowRun<DataOf<TStop>, z.output<TStateSchema>>;
  /**
   * Continues a run from a snapshot (made here or in another process). Steps that were running or waiting run
   * again from their start; their answered input requests return at once. Throws `INVALID_SNAPSHOT` when the
   * snapshot is malformed or belongs to another workflow.
   */
  resume(snapshot: WorkflowSnapshot, options?: RunControlOptions): WorkflowRun<DataOf<TStop>, z.output<TStateSchema>>;
  /** The possible flows as a Mermaid flowchart. */
  toMermaid(): string;
}

/** Adds steps to a workflow, then builds it. */
export interface WorkflowBuilder<
  TStart extends AnyEventDefinition,
  TStop extends AnyEventDefinition,
  TStateSchema extends z.ZodType,
> {
  /** Adds a step that runs for each event of the types in `options.on`. */
  step<const TOn extends readonly AnyEventDefinition[], const TEmits extends readonly AnyEventDefinition[] = []>(
    name: string,
    options: StepOptions<TOn, TEmits>,
    handler: StepHandler<z.output<TStateSchema>, TOn, TEmits>,
  ): WorkflowBuilder<TStart, TStop, TStateSchema>;
  /** Validates the workflow and returns it; throws `INVALID_WORKFLOW` listing every problem found. */
  build(): Workflow<TStart, TStop, TStateSchema>;
}

/**
 * Starts a workflow definition: name it, give its start and stop events, add steps, build.
 *
 * @example
 * ```ts
 * const Question = defineEvent('question', z.object({ text: z.string() }))
 * const Answer = defineEvent('answer', z.object({ text: z.string() }))
 * const echo = createWorkflow({ name: 'echo', start: Question, stop: Answer })
 *   .step('reply', { on: [Question], emits: [Answer] }, (event) => Answer.create({ text: event.data.text }))
 *   .build()
 * console.log(await echo.run({ text: 'hi' }).result) // { text: 'hi' }
 * ```
 */
export function createWorkflow<
  TStart extends AnyEventDefinition,
  TStop extends AnyEventDefinition,
  TStateSchema extends z.ZodType = z.ZodObject<Record<string, never>>,
>(options: WorkflowOptions<TStart, TStop, TStateSchema>): WorkflowBuilder<TStart, TStop, TStateSchema> {
  const steps: StepDefinition[] = [];
  const builder: WorkflowBuilder<TStart, TStop, TStateSchema> = {
    step(name, stepOptions, handler) {
      const emitDefinitions = stepOptions.emits ?? [];
      steps.push({
        name,
        description: stepOptions.description,
        on: stepOptions.on.map((definition) => definition.type),
        emits: emitDefinitions.map((definition) => definition.type),
        onDefinitions: stepOptions.on,
        emitDefinitions,
        emitTypes: new Set(emitDefinitions.map((definition) => definition.type)),
        concurrency: stepOptions.concurrency ?? Number.POSITIVE_INFINITY,
        timeoutMs: stepOptions.timeoutMs,
        retry: stepOptions.retry,
        handler: handler as ErasedStepHandler,
      });
      return builder;
    },
    build() {
      return buildWorkflow(options, [...steps]);
    },
  };
  return builder;
}

function buildWorkflow<TStart extends AnyEventDefinition, TStop extends AnyEventDefinition, TStateSchema extends z.ZodType>(
  options: WorkflowOptions<TStart, TStop, TStateSchema>,
  steps: StepDefinition[],
): Workflow<TStart, TStop, TStateSchema> {
  const external = options.external ?? [];
  const problems = validateWorkflow({ name: options.name, start: options.start, stop: options.stop, external, steps });
  if (problems.length > 0) {
    throw new McpflowError('INVALID_WORKFLOW', `workflow "${options.name}" is invalid:\n- ${problems.join('\n- ')}`, {
      data: { workflow: options.name, problems },
    });
  }
  const definition = indexDefinition(options, steps, external);
  const stateSchema = (options.state ?? z.object({})) as TStateSchema;
  type Run = WorkflowRun<DataOf<TStop>, z.output<TStateSchema>>;
  const deadlineOf = (timeoutMs: number | undefined) => (timeoutMs === undefined ? undefined : Date.now() + timeoutMs);
  return {
    name: definition.name,
    description: definition.description,
    start: options.start,
    stop: options.stop,
    stateSchema,
    external,
    steps: steps.map(({ name, description, on, emits, concurrency, timeoutMs, retry }) => ({
      name,
      description,
      on,
      emits,
      concurrency,
      timeoutMs,
      retry,
    })),
    timeoutMs: options.timeoutMs,
    run(input, runOptions = {}): Run {
      const startEvent: WorkflowEvent = options.start.create(input);
      // toLowerCase() flattens the id: Node builds UUIDs as ~25 joined pieces, about 500 bytes kept per waiting run.
      const { runId = globalThis.crypto.randomUUID().toLowerCase(), initialState, ...control } = runOptions;
      const state = initialState !== undefined ? initialState : stateSchema.safeParse(undefined).success ? undefined : {};
      const deadline = deadlineOf(control.timeoutMs ?? options.timeoutMs);
      return new WorkflowRunner(definition, { runId, state, startedAt: Date.now(), deadline, startEvent }, control);
    },
    resume(value, control = {}): Run {
      const snapshot = checkSnapshot(definition, value);
      const deadline = control.timeoutMs !== undefined ? deadlineOf(control.timeoutMs) : snapshot.deadline;
      const init = { runId: snapshot.runId, state: snapshot.state, startedAt: snapshot.startedAt, deadline, snapshot };
      return new WorkflowRunner(definition, init, control);
    },
    toMermaid() {
      return toMermaid(this);
    },
  };
}

function indexDefinition(
  options: WorkflowOptions<AnyEventDefinition, AnyEventDefinition, z.ZodType>,
  steps: StepDefinition[],
  external: readonly AnyEventDefinition[],
): WorkflowDefinition {
  const stepsByType = new Map<string, StepDefinition[]>();
  const definitionsByType = new Map<string, AnyEventDefinition>();
  for (const step of steps) {
    step.onDefinitions.forEach((event, index) => {
      definitionsByType.set(event.type, event);
      const type = step.on[index] as string;
      stepsByType.set(type, [...(stepsByType.get(type) ?? []), step]);
    });
  }
  return {
    name: options.name,
    description: options.description ?? '',
    start: options.start,
    stop: options.stop,
    external,
    stateSchema: options.state ?? z.object({}),
    timeoutMs: options.timeoutMs,
    hooks: options.hooks,
    steps,
    stepsByName: new Map(steps.map((step) => [step.name, step])),
    stepsByType,
    definitionsByType,
  };
}

function checkSnapshot(definition: WorkflowDefinition, value: WorkflowSnapshot): WorkflowSnapshot {
  const snapshot = parseWorkflowSnapshot(value);
  const fail = (why: string) => {
    throw new McpflowError('INVALID_SNAPSHOT', `snapshot of run "${snapshot.runId}" ${why}`, { data: { runId: snapshot.runId } });
  };
  if (snapshot.workflow !== definition.name) fail(`belongs to workflow "${snapshot.workflow}", not "${definition.name}"`);
  for (const invocation of snapshot.invocations) {
    const step = definition.stepsByName.get(invocation.step);
    if (step === undefined) fail(`names step "${invocation.step}", which the workflow does not have`);
    else if (!step.on.includes(invocation.event.type)) fail(`gives step "${step.name}" an event it does not take`);
  }
  return structuredClone(snapshot);
}
