import { randomUUID } from 'node:crypto';
import type { CallToolResult, Progress } from '@modelcontextprotocol/client';
import type { ClientCapabilities } from '@modelcontextprotocol/server';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** @internal A request a downstream server sent while one of the gateway's calls was running. */
export interface DownstreamRequest {
  method: 'elicitation/create' | 'sampling/createMessage';
  params: Record<string, unknown>;
}

/** @internal What a round of a forwarded call ends with: the downstream result, or a request to put to the upstream client. */
export type RoundOutcome = { kind: 'result'; result: CallToolResult } | { kind: 'input'; request: DownstreamRequest };

/** @internal Where the current round sends what the downstream server streams. */
export interface RoundSink {
  progress(progress: Progress): void;
  /** The capabilities of the upstream client making the current round's request. */
  capabilities: ClientCapabilities | undefined;
}

const capabilityOf = { 'elicitation/create': 'elicitation', 'sampling/createMessage': 'sampling' } as const;

/**
 * @internal One upstream `tools/call` forwarded to a hub server, alive across the multi-round-trip rounds its
 * elicitation or sampling requests take. The upstream client answers each request by retrying its call (2026) or
 * through the SDK's legacy shim (2025), and every round re-attaches here by the id in its signed request state.
 */
export class ForwardedCall {
  readonly id = randomUUID();
  /** How many input requests were answered; a round's signed state names the one it answers, so each is answered once. */
  round = 0;
  /** Settles when the downstream call has ended, however. */
  readonly ended: Promise<void>;
  #ended: () => void = () => undefined;
  readonly #controller = new AbortController();
  #result: Promise<CallToolResult> = Promise.reject(new McpflowError('INVALID_STATE', 'the call was not started'));
  #sink: RoundSink | undefined;
  #asked: { request: DownstreamRequest; resolve(answer: unknown): void; reject(error: unknown): void } | undefined;
  #wake: (() => void) | undefined;
  #expiry: NodeJS.Timeout | undefined;
  #finished = false;

  /** The hub server the call went to. */
  readonly server: string;
  /**
   * Who made the call (the SDK server of an upstream connection or session), used to route a downstream request
   * that carries no link to the call it belongs to.
   */
  readonly owner: string | undefined;
  /** How long the upstream client has to answer a request before the call is cancelled. */
  readonly answerTtlMs: number;

  constructor(server: string, owner: string | undefined, answerTtlMs: number) {
    this.server = server;
    this.owner = owner;
    this.answerTtlMs = answerTtlMs;
    this.#result.catch(() => undefined);
    this.ended = new Promise((resolve) => {
      this.#ended = resolve;
    });
  }

  /** Starts the downstream request; `run` gets the signal that cancels it and the sink for its progress. */
  start(run: (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<CallToolResult>): this {
    this.#result = run(this.#controller.signal, (progress) => this.#sink?.progress(progress));
    this.#result.then(
      () => this.#finish(),
      () => this.#finish(),
    );
    return this;
  }

  /** The signal that cancels the downstream request. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the call ended (result, failure or cancellation). */
  get finished(): boolean {
    return this.#finished;
  }

  /** The request waiting for the upstream client's answer, if any. */
  get pendingRequest(): DownstreamRequest | undefined {
    return this.#asked?.request;
  }

  /** Starts a round: the downstream's progress goes to `sink` until the round ends. */
  attach(sink: RoundSink): void {
    clearTimeout(this.#expiry);
    this.#sink = sink;
  }

  /** Ends a round. When it handed a request upstream, the answer must come within the TTL or the call is cancelled. */
  detach(): void {
    this.#sink = undefined;
    if (this.#asked !== undefined && !this.#finished) {
      this.#expiry = setTimeout(() => this.cancel('the client did not answer the input request in time'), this.answerTtlMs);
      this.#expiry.unref();
    }
  }

  /** Called by the hub's handler: puts a downstream request to the upstream client and waits for its answer. */
  ask(request: DownstreamRequest): Promise<unknown> {
    if (this.#finished) return Promise.reject(new McpflowError('CANCELLED', 'the forwarded call has ended'));
    const capability = capabilityOf[request.method];
    if (this.#sink !== undefined && this.#sink.capabilities?.[capability] === undefined) {
      return Promise.reject(
        new McpflowError('PROTOCOL_ERROR', `the client behind the gateway does not support ${capability}`, {
          data: { method: request.method },
        }),
      );
    }
    if (this.#asked !== undefined) {
      return Promise.reject(new McpflowError('PROTOCOL_ERROR', 'the server asked again before its last request was answered'));
    }
    return new Promise((resolve, reject) => {
      this.#asked = { request, resolve, reject };
      this.#wake?.();
    });
  }

  /** Delivers the upstream client's answer to the waiting downstream request; a replay of the same round finds none. */
  answer(answer: unknown): void {
    const asked = this.#asked;
    if (asked === undefined) return;
    this.#asked = undefined;
    this.round += 1;
    asked.resolve(answer);
  }

  /** Runs until the downstream call ends or asks for input (which may already be waiting). */
  async next(): Promise<RoundOutcome> {
    const asked = () => (this.#asked === undefined ? undefined : ({ kind: 'input', request: this.#asked.request } as const));
    const waiting = asked();
    if (waiting !== undefined) return waiting;
    const request = new Promise<RoundOutcome | undefined>((resolve) => {
      this.#wake = () => resolve(asked());
    });
    try {
      const outcome = await Promise.race([this.#result.then((result) => ({ kind: 'result', result }) as const), request]);
      return outcome ?? (await this.next());
    } finally {
      this.#wake = undefined;
    }
  }

  /** Cancels the downstream request (the SDK sends `notifications/cancelled`) and refuses a pending input request. */
  cancel(reason: string): void {
    if (this.#finished) return;
    this.#asked?.reject(new McpflowError('CANCELLED', reason));
    this.#asked = undefined;
    this.#controller.abort(new McpflowError('CANCELLED', reason));
  }

  #finish(): void {
    this.#finished = true;
    this.#ended();
    clearTimeout(this.#expiry);
    this.#asked?.reject(new McpflowError('CANCELLED', 'the forwarded call has ended'));
    this.#asked = undefined;
    this.#wake?.();
  }
}
