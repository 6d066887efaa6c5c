import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { ProgressEvent } from './built-in-events.ts';
import type { AnyEventDefinition, WorkflowEvent } from './define-event.ts';
import type { CollectKey } from './fan-in-buffer.ts';
import type { InputRegistration } from './input-registry.ts';
import { type SamplingRequest, type SamplingResult, samplingRequestSchema, samplingResultSchema } from './sampling-request.ts';
import type { InputRequest, StateAccess, StepContext } from './step-context.ts';
import type { StepDefinition } from './workflow-definition.ts';

/** @internal What a step context needs from its run. */
export interface ContextHost {
  readonly runId: string;
  readonly workflow: string;
  readonly state: StateAccess<unknown>;
  /** The run's signal, for steps that have none of their own. */
  readonly signal: AbortSignal;
  emit(step: StepDefinition, event: WorkflowEvent): void;
  write(event: WorkflowEvent): void;
  requestInput(registration: InputRegistration): Promise<unknown>;
  /** `key` names this collect call of this invocation, so that a replay gets the same events back. */
  collect(step: string, key: CollectKey, event: WorkflowEvent, expected: readonly string[]): WorkflowEvent[] | undefined;
}

/** @internal The context of one attempt of one step invocation. */
export class InvocationContext implements StepContext<unknown, WorkflowEvent> {
  /** Set when the attempt has returned or thrown; the context then refuses to act. */
  ended = false;
  readonly step: string;
  readonly invocationId: string;
  readonly attempt: number;
  #signal: AbortSignal | undefined;
  #inputSequence = 0;
  #collectSequence = 0;
  readonly #host: ContextHost;
  readonly #definition: StepDefinition;

  constructor(
    host: ContextHost,
    definition: StepDefinition,
    attempt: { invocationId: string; attempt: number; signal: AbortSignal | undefined },
  ) {
    this.invocationId = attempt.invocationId;
    this.attempt = attempt.attempt;
    this.#signal = attempt.signal;
    this.#host = host;
    this.#definition = definition;
    this.step = definition.name;
  }

  get signal(): AbortSignal {
    return this.#signal ?? this.#host.signal;
  }

  get runId(): string {
    return this.#host.runId;
  }

  get workflow(): string {
    return this.#host.workflow;
  }

  get state(): StateAccess<unknown> {
    return this.#host.state;
  }

  send(event: WorkflowEvent): void {
    this.#assertActive('send');
    this.#host.emit(this.#definition, event);
  }

  write(event: WorkflowEvent): void {
    this.#assertActive('write');
    this.#host.write(event);
  }

  progress(fraction: number, message?: string): void {
    this.#assertActive('progress');
    const data = { step: this.step, invocationId: this.invocationId, progress: fraction };
    this.#host.write(ProgressEvent.create(message === undefined ? data : { ...data, message }));
  }

  requestInput<TSchema extends z.ZodType>(request: InputRequest<TSchema>): Promise<z.output<TSchema>> {
    try {
      this.#assertActive('requestInput');
      this.#inputSequence += 1;
      const answer = this.#host.requestInput({
        requestId: `${this.invocationId}.${this.#inputSequence}`,
        invocationId: this.invocationId,
        step: this.step,
        kind: 'form',
        message: request.message,
        schema: request.schema,
        timeoutMs: request.timeoutMs,
      });
      return answer as Promise<z.output<TSchema>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  requestSampling(request: SamplingRequest, options: { timeoutMs?: number } = {}): Promise<SamplingResult> {
    try {
      this.#assertActive('requestSampling');
      const parsed = samplingRequestSchema.safeParse(request);
      if (!parsed.success) {
        throw new McpflowError('INVALID_INPUT', `invalid sampling request: ${z.prettifyError(parsed.error)}`, {
          cause: parsed.error,
        });
      }
      this.#inputSequence += 1;
      const first = parsed.data.messages[0]?.content;
      const text = Array.isArray(first) ? undefined : (first as { text?: unknown } | undefined)?.text;
      return this.#host.requestInput({
        requestId: `${this.invocationId}.${this.#inputSequence}`,
        invocationId: this.invocationId,
        step: this.step,
        kind: 'sampling',
        message: typeof text === 'string' ? text : 'sampling request',
        request: parsed.data,
        schema: samplingResultSchema,
        timeoutMs: options.timeoutMs,
      }) as Promise<SamplingResult>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  collect(
    event: WorkflowEvent,
    definitions: AnyEventDefinition | readonly AnyEventDefinition[],
    count?: number,
    // biome-ignore lint/suspicious/noExplicitAny: the overloads on StepContext carry the precise types.
  ): any {
    this.#assertActive('collect');
    const expected = isDefinitionList(definitions)
      ? definitions.map((definition) => definition.type)
      : new Array<string>(count ?? 1).fill(definitions.type);
    this.#collectSequence += 1;
    const key = { invocationId: this.invocationId, call: `${this.invocationId}.${this.#collectSequence}` };
    return this.#host.collect(this.step, key, event, expected);
  }

  #assertActive(action: string): void {
    if (this.ended) {
      throw new McpflowError('RUN_NOT_ACTIVE', `step "${this.step}" called ${action}() after it returned`, {
        data: { step: this.step, invocationId: this.invocationId },
      });
    }
  }
}

function isDefinitionList(value: AnyEventDefinition | readonly AnyEventDefinition[]): value is readonly AnyEventDefinition[] {
  return Array.isArray(value);
}
