import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { SnapshotInput } from './workflow-snapshot.ts';

/** An input request that is waiting for its answer. */
export interface PendingInput {
  requestId: string;
  step: string;
  /** `form`: a person fills in `schema`; `sampling`: a language model answers `request` (MCP sampling). */
  kind: InputKind;
  message: string;
  /** For `sampling`: the model request (messages, maxTokens, …). */
  request?: unknown;
  /** JSON Schema of the expected answer. */
  schema: Record<string, unknown>;
  /** Epoch milliseconds after which the request fails with `INPUT_TIMEOUT`. */
  expiresAt?: number;
}

interface Waiter {
  schema: z.ZodType;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Responder {
  answer: unknown;
  resolve(): void;
  reject(error: unknown): void;
}

interface InputRecord extends SnapshotInput {
  waiter?: Waiter | undefined;
  responders?: Responder[];
}

/** Who answers an input request: a person filling a form, or a language model (sampling). */
export type InputKind = 'form' | 'sampling';

/** What a step passes when it asks for input. */
export interface InputRegistration {
  requestId: string;
  invocationId: string;
  step: string;
  kind: InputKind;
  message: string;
  request?: unknown;
  schema: z.ZodType;
  timeoutMs: number | undefined;
}

/**
 * @internal The input requests of one run: open ones with their waiting step, answered ones kept until their
 * step invocation ends (so that a replayed step gets its answers back), and the open counts per invocation.
 */
export class InputRegistry {
  readonly #records = new Map<string, InputRecord>();
  readonly #owner: { inputsChanged(): void };

  constructor(owner: { inputsChanged(): void }, restored: readonly SnapshotInput[] = []) {
    this.#owner = owner;
    for (const record of restored) this.#records.set(record.requestId, { ...record });
  }

  /** True when the invocation waits on at least one open request. */
  isBlocked(invocationId: string): boolean {
    // A run has a handful of requests at most: a scan is cheaper than keeping an index per run.
    for (const record of this.#records.values()) {
      if (record.waiter !== undefined && record.invocationId === invocationId) return true;
    }
    return false;
  }

  /**
   * Registers a request and returns its answer. A request answered before (replay after resume) returns at once;
   * one that was open in a snapshot keeps its id and deadline. `announce` streams the request.
   */
  register(registration: InputRegistration, announce: (pending: PendingInput) => void): Promise<unknown> {
    const known = this.#records.get(registration.requestId);
    if (known?.answered === true) return Promise.resolve(parseAnswer(registration.schema, known.answer, known.requestId));
    const superseded = known?.waiter;
    if (known !== undefined && superseded !== undefined) {
      // A later attempt of the same step asks again while the failed attempt's request is still open.
      this.#close(known);
      superseded.reject(new McpflowError('RUN_NOT_ACTIVE', `input request "${known.requestId}" was asked again by a retry`));
    }
    const schema = toAnswerSchema(registration.schema, registration.requestId);
    const expiresAt =
      known?.expiresAt ?? (registration.timeoutMs === undefined ? undefined : Date.now() + registration.timeoutMs);
    const record: InputRecord = {
      requestId: registration.requestId,
      invocationId: registration.invocationId,
      step: registration.step,
      kind: registration.kind,
      message: registration.message,
      schema,
      answered: false,
      responders: known?.responders ?? [],
    };
    if (expiresAt !== undefined) record.expiresAt = expiresAt;
    if (registration.request !== undefined) record.request = registration.request;
    this.#records.set(record.requestId, record);
    const answer = new Promise<unknown>((resolve, reject) => {
      record.waiter = { schema: registration.schema, resolve, reject, timer: undefined };
    });
    this.#owner.inputsChanged();
    if (expiresAt !== undefined) this.#armTimeout(record, expiresAt);
    announce(toPending(record));
    for (const responder of record.responders?.splice(0) ?? []) this.#deliver(record, responder);
    return answer;
  }

  /** Answers a request; rejects with `INVALID_INPUT` (request stays open) or `UNKNOWN_INPUT_REQUEST`. */
  respond(requestId: string, answer: unknown): Promise<void> {
    const record = this.#records.get(requestId);
    if (record === undefined || record.answered) {
      const why = record === undefined ? 'is not pending' : 'was already answered';
      return Promise.reject(new McpflowError('UNKNOWN_INPUT_REQUEST', `input request "${requestId}" ${why}`));
    }
    return new Promise<void>((resolve, reject) => {
      const responder = { answer, resolve, reject };
      // Restored from a snapshot and not yet asked again by the replayed step: answer once it is.
      if (record.waiter !== undefined) {
        this.#deliver(record, responder);
        return;
      }
      record.responders ??= [];
      record.responders.push(responder);
    });
  }

  /** Refuses an open request: the waiting step's `requestInput` rejects with `INPUT_DECLINED`. */
  decline(requestId: string, action: 'decline' | 'cancel'): Promise<void> {
    const record = this.#records.get(requestId);
    const waiter = record?.waiter;
    if (record === undefined || waiter === undefined) {
      return Promise.reject(new McpflowError('UNKNOWN_INPUT_REQUEST', `input request "${requestId}" is not open`));
    }
    this.#records.delete(requestId);
    this.#close(record);
    const verb = action === 'decline' ? 'declined' : 'cancelled';
    waiter.reject(
      new McpflowError('INPUT_DECLINED', `input request "${requestId}" was ${verb}`, { data: { requestId, action } }),
    );
    return Promise.resolve();
  }

  /** Forgets the requests of an invocation that has ended; answers still waiting for a replay are refused. */
  dropInvocation(invocationId: string): void {
    for (const [requestId, record] of this.#records) {
      if (record.invocationId !== invocationId) continue;
      this.#records.delete(requestId);
      if (record.waiter !== undefined) this.#close(record);
      for (const responder of record.responders ?? []) {
        responder.reject(new McpflowError('UNKNOWN_INPUT_REQUEST', `input request "${requestId}" is no longer pending`));
      }
    }
  }

  /** Rejects every waiting step and responder with `error` (the run ended). */
  rejectAll(error: unknown): void {
    for (const record of this.#records.values()) {
      const waiter = record.waiter;
      if (waiter !== undefined) {
        this.#close(record);
        waiter.reject(error);
      }
      for (const responder of record.responders ?? []) responder.reject(error);
    }
    this.#records.clear();
  }

  /** The open requests, oldest first. */
  pending(): PendingInput[] {
    const open: PendingInput[] = [];
    for (const record of this.#records.values()) if (!record.answered) open.push(toPending(record));
    return open;
  }

  /** Every record in snapshot form. */
  toSnapshot(): SnapshotInput[] {
    return [...this.#records.values()].map((record) => {
      const { waiter: _waiter, responders: _responders, ...plain } = record;
      return structuredClone(plain);
    });
  }

  #deliver(record: InputRecord, responder: Responder): void {
    const waiter = record.waiter as Waiter;
    const parsed = waiter.schema.safeParse(responder.answer);
    if (!parsed.success) {
      const message = `answer to "${record.requestId}" does not fit: ${z.prettifyError(parsed.error)}`;
      responder.reject(
        new McpflowError('INVALID_INPUT', message, { cause: parsed.error, data: { requestId: record.requestId } }),
      );
      return;
    }
    record.answered = true;
    record.answer = structuredClone(responder.answer);
    this.#close(record);
    waiter.resolve(parsed.data);
    responder.resolve();
  }

  #armTimeout(record: InputRecord, expiresAt: number): void {
    const waiter = record.waiter as Waiter;
    waiter.timer = setTimeout(
      () => {
        this.#records.delete(record.requestId);
        this.#close(record);
        const message = `nobody answered input request "${record.requestId}" in time`;
        waiter.reject(new McpflowError('INPUT_TIMEOUT', message, { data: { requestId: record.requestId, step: record.step } }));
      },
      Math.max(0, expiresAt - Date.now()),
    );
  }

  #close(record: InputRecord): void {
    const waiter = record.waiter;
    if (waiter === undefined) return;
    clearTimeout(waiter.timer);
    record.waiter = undefined;
    this.#owner.inputsChanged();
  }
}

function toPending(record: InputRecord): PendingInput {
  const pending: PendingInput = {
    requestId: record.requestId,
    step: record.step,
    kind: record.kind,
    message: record.message,
    schema: record.schema,
  };
  if (record.expiresAt !== undefined) pending.expiresAt = record.expiresAt;
  if (record.request !== undefined) pending.request = record.request;
  return pending;
}

/** JSON Schemas of answer schemas, computed once per zod schema and shared (frozen) by every request using it. */
const answerSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

function toAnswerSchema(schema: z.ZodType, requestId: string): Record<string, unknown> {
  const known = answerSchemas.get(schema);
  if (known !== undefined) return known;
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch (error) {
    throw new McpflowError('INVALID_INPUT', `input request "${requestId}": its schema is not plain JSON data`, { cause: error });
  }
  deepFreeze(jsonSchema);
  answerSchemas.set(schema, jsonSchema);
  return jsonSchema;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

function parseAnswer(schema: z.ZodType, answer: unknown, requestId: string): unknown {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw new McpflowError('INVALID_INPUT', `stored answer to "${requestId}" no longer fits its schema`, { cause: parsed.error });
}
