import * as z from 'zod';
import { createEventDefinition } from './define-event.ts';

/**
 * Streamed when a step asks a human (or the MCP client) for input. Answer it with `run.respond(requestId, answer)`;
 * `schema` is the JSON Schema the answer must satisfy. Served over MCP, this becomes an elicitation.
 */
export const InputRequestEvent = createEventDefinition(
  'mcpflow:input-request',
  z.object({
    requestId: z.string(),
    step: z.string(),
    kind: z.enum(['form', 'sampling']),
    message: z.string(),
    request: z.unknown().optional(),
    schema: z.record(z.string(), z.unknown()),
    expiresAt: z.number().optional(),
  }),
  { description: 'A step waits for input that matches `schema`.' },
);

/** Streamed by `context.progress(fraction, message)`; served over MCP, this becomes a progress notification. */
export const ProgressEvent = createEventDefinition(
  'mcpflow:progress',
  z.object({ step: z.string(), invocationId: z.string(), progress: z.number().min(0).max(1), message: z.string().optional() }),
  { description: 'How far a step has got, as a fraction from 0 to 1.' },
);
