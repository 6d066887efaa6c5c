import { isJSONRPCErrorResponse, isJSONRPCResultResponse, type Transport } from '@modelcontextprotocol/client';

/**
 * Makes a connected transport hand responses to the SDK one microtask late. The SDK (2.4.0) dispatches
 * notifications on a microtask but responses at once, and a response removes its request's progress handler: a
 * server's last progress notification, arriving in the same chunk as the result (server-everything's
 * long-running tool does this most of the time), was dropped as "unknown token". Late by one microtask, the
 * response runs after the notification queued before it, so wire order is kept. Upstream:
 * modelcontextprotocol/typescript-sdk#2580 (open); drop this once the SDK dispatches in arrival order.
 */
export function deliverProgressFirst(transport: Transport): void {
  const deliver = transport.onmessage;
  if (deliver === undefined) return;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) queueMicrotask(() => deliver(message, extra));
    else deliver(message, extra);
  };
}
