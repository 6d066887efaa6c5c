import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';

const eventSchema = z.object({ type: z.string(), data: z.unknown() });

const snapshotSchema = z.object({
  version: z.literal(1),
  workflow: z.string(),
  runId: z.string(),
  startedAt: z.number(),
  savedAt: z.number(),
  deadline: z.number().optional(),
  state: z.unknown(),
  nextInvocation: z.number().int().positive(),
  invocations: z.array(z.object({ id: z.string(), step: z.string(), event: eventSchema, attempt: z.number().int().positive() })),
  collected: z.record(z.string(), z.array(z.object({ invocationId: z.string(), event: eventSchema }))),
  claimed: z.record(z.string(), z.object({ invocationId: z.string(), events: z.array(eventSchema) })),
  inputs: z.array(
    z.object({
      requestId: z.string(),
      invocationId: z.string(),
      step: z.string(),
      kind: z.enum(['form', 'sampling']).default('form'),
      message: z.string(),
      request: z.unknown().optional(),
      schema: z.record(z.string(), z.unknown()),
      expiresAt: z.number().optional(),
      answered: z.boolean(),
      answer: z.unknown().optional(),
    }),
  ),
});

/**
 * The whole state of a run as plain JSON: state, queued and in-flight step invocations, fan-in buffers and input
 * requests (answered and open). `workflow.resume(snapshot)` continues it, in this process or another.
 */
export type WorkflowSnapshot = z.output<typeof snapshotSchema>;

/** One open or answered input request inside a snapshot. */
export type SnapshotInput = WorkflowSnapshot['inputs'][number];

/** Checks that `value` is a snapshot (e.g. read back from a file); throws `INVALID_SNAPSHOT` naming what is wrong. */
export function parseWorkflowSnapshot(value: unknown): WorkflowSnapshot {
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    throw new McpflowError('INVALID_SNAPSHOT', `not a workflow snapshot: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
