// Test helper: one 2026-07-28 JSON-RPC request with the headers and `_meta` envelope the spec requires. The SDK
// client has no tasks (SEP-2663) requester, so the task tests speak the wire directly.
let nextId = 1;

export interface ModernResponse {
  status: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export async function modernRequest(
  url: URL,
  method: string,
  params: Record<string, unknown>,
  options: { tasks?: boolean; name?: string } = {},
): Promise<ModernResponse> {
  const capabilities =
    options.tasks === false
      ? { elicitation: { form: {} } }
      : { elicitation: { form: {} }, extensions: { 'io.modelcontextprotocol/tasks': {} } };
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
  };
  const name = options.name ?? (params.name as string | undefined) ?? (params.taskId as string | undefined);
  if (name !== undefined) headers['mcp-name'] = name;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params: { ...params, _meta: meta } }),
  });
  const text = await response.text();
  // A response may come as JSON or as an SSE stream whose last data line is the JSON-RPC response.
  const json = text.startsWith('{')
    ? text
    : (text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .at(-1)
        ?.slice(6) ?? '{}');
  const message = JSON.parse(json) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
  return { status: response.status, ...message };
}

/** Polls tasks/get until the task reaches one of `statuses`. */
export async function waitForTask(url: URL, taskId: string, statuses: string[]): Promise<Record<string, unknown>> {
  for (let tries = 0; tries < 200; tries += 1) {
    const { result } = await modernRequest(url, 'tasks/get', { taskId });
    if (result !== undefined && statuses.includes(String(result.status))) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task ${taskId} never reached ${statuses.join(' or ')}`);
}
