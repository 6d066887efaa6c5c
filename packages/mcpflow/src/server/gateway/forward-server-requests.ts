import { AsyncLocalStorage } from 'node:async_hooks';
import type { CreateMessageRequest, CreateMessageResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/client';
import type { ServerRequestContext } from '../../client/mcp-hub-options.ts';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { DownstreamRequest, ForwardedCall } from './forwarded-call.ts';

/** Calls in flight per hub server name, oldest first. */
const inFlight = new Map<string, Set<ForwardedCall>>();

/** The call whose downstream request is being made, for handlers that run in its async context. */
const current = new AsyncLocalStorage<ForwardedCall>();

/**
 * The 2026-era call whose signal the SDK client subscribed to in the current synchronous span. The SDK answers an
 * `input_required` result outside the call's async context, but it links the call's signal to the round (an abort
 * listener) synchronously right before it hands the round's requests to the handlers, so this names the call the
 * request belongs to, with no guessing. Cleared at the next microtask.
 */
let subscribed: ForwardedCall | undefined;

function noticeSubscriptions(call: ForwardedCall): void {
  const { signal } = call;
  const subscribe = signal.addEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
    subscribed = call;
    queueMicrotask(() => {
      if (subscribed === call) subscribed = undefined;
    });
    subscribe(...args);
  }) as AbortSignal['addEventListener'];
}

/**
 * @internal Runs `work` as `call`'s downstream request, so that the requests the server makes meanwhile reach it.
 * 2025-era servers push their requests on the connection with no link to the call: those go through `inFlight`.
 */
export function trackCall<T>(call: ForwardedCall, era: 'legacy' | 'modern' | undefined, work: () => Promise<T>): Promise<T> {
  if (era === 'modern') noticeSubscriptions(call);
  let calls = inFlight.get(call.server);
  if (calls === undefined) {
    calls = new Set();
    inFlight.set(call.server, calls);
  }
  calls.add(call);
  const running = current.run(call, work);
  const forget = () => {
    calls.delete(call);
    if (calls.size === 0 && inFlight.get(call.server) === calls) inFlight.delete(call.server);
  };
  running.then(forget, forget);
  return running;
}

function routeOf(context: ServerRequestContext, method: DownstreamRequest['method']): ForwardedCall {
  const linked = current.getStore() ?? subscribed;
  if (linked !== undefined && linked.server === context.server && !linked.finished) return linked;
  const calls = [...(inFlight.get(context.server) ?? [])].filter((call) => !call.finished);
  const owners = new Set(calls.map((call) => call.owner));
  const [oldest] = calls;
  // Several calls of one upstream client are one user: any of them may ask. Calls of different clients are not.
  if (oldest !== undefined && (calls.length === 1 || (owners.size === 1 && oldest.owner !== undefined))) return oldest;
  throw new McpflowError(
    'PROTOCOL_ERROR',
    calls.length === 0
      ? `Server "${context.server}" sent ${method} outside any call made through the gateway`
      : `Server "${context.server}" sent ${method} while calls of several clients were running; it cannot be routed to one`,
    { data: { server: context.server, method, calls: calls.length } },
  );
}

/**
 * Elicitation handler for a hub behind a gateway (`createMcpHub(config, { elicitation: forwardElicitation })`):
 * the request goes to the client that made the call, as `elicitation/create` (2025-11-25) or as an
 * `input_required` round (2026-07-28), and its answer comes back. `createGateway` wires this itself.
 */
export function forwardElicitation(params: ElicitRequest['params'], context: ServerRequestContext): Promise<ElicitResult> {
  const method = 'elicitation/create';
  return routeOf(context, method).ask({ method, params: withoutProgressToken(params) }) as Promise<ElicitResult>;
}

/** Sampling handler for a hub behind a gateway, forwarded to the calling client like {@link forwardElicitation}. */
export function forwardSampling(
  params: CreateMessageRequest['params'],
  context: ServerRequestContext,
): Promise<CreateMessageResult> {
  const method = 'sampling/createMessage';
  return routeOf(context, method).ask({ method, params: withoutProgressToken(params) }) as Promise<CreateMessageResult>;
}

/** A progress token in the request's `_meta` belongs to the hub's link with the server, not to the client's. */
function withoutProgressToken(params: { _meta?: Record<string, unknown> | undefined }): Record<string, unknown> {
  if (params._meta?.progressToken === undefined) return params;
  const { progressToken: _token, ...meta } = params._meta;
  const { _meta: _dropped, ...rest } = params;
  return Object.keys(meta).length === 0 ? rest : { ...rest, _meta: meta };
}
