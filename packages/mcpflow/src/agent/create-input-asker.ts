import * as z from 'zod';
import type { SamplingRequest, SamplingResult } from '../workflow/sampling-request.ts';
import type { StepContext } from '../workflow/step-context.ts';

/** @internal A question put to the run's human through the step, with the request id the engine gives it. */
export interface InputAsker {
  /** The id the next request of this step attempt will get (streamed events name it before the answer arrives). */
  nextRequestId(): string;
  ask<TSchema extends z.ZodType>(message: string, schema: TSchema): Promise<z.output<TSchema>>;
  sample(request: SamplingRequest): Promise<SamplingResult>;
}

/**
 * @internal Wraps a step context's `requestInput`/`requestSampling`. The engine names a step's requests
 * `<invocationId>.<n>` in the order they are made; every request of an agent step goes through here, so the id of the
 * next one is known in advance and approval events can carry it.
 */
export function createInputAsker(context: StepContext<unknown>): InputAsker {
  let made = 0;
  return {
    nextRequestId: () => `${context.invocationId}.${made + 1}`,
    ask(message, schema) {
      made += 1;
      return context.requestInput({ message, schema });
    },
    sample(request) {
      made += 1;
      return context.requestSampling(request);
    },
  };
}

/** @internal A zod schema for a JSON Schema from elsewhere (an MCP server, a sub-agent); anything goes if it cannot be read. */
export function toAnswerSchema(jsonSchema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}
