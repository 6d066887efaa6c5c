/**
 * One autocannon load against one server: replays a captured `tools/call` (fresh JSON-RPC id per request, so
 * concurrent calls on one session never collide) and checks every response body for the echoed message.
 */
import { createRequire } from 'node:module';
import type { CapturedCall } from './capture-requests.ts';

/** The part of autocannon's programmatic API used here (it ships no typings). */
interface AutocannonRequest {
  body?: string;
  [key: string]: unknown;
}
interface AutocannonOptions {
  url: string;
  method: 'POST';
  connections: number;
  duration: number;
  headers: Record<string, string>;
  body: string;
  timeout: number;
  requests: { setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
  verifyBody: (body: string) => boolean;
}
interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Connection errors, timeouts, non-2xx statuses and bodies without the echoed message, when any. */
  problems: string[];
  /** Filled in by the caller: server CPU µs per request and cores used by other processes (NaN off Linux). */
  serverCpuMicros: number;
  foreignCores: number;
}

export async function runLoad(url: string, call: CapturedCall, message: string, settings: LoadSettings): Promise<LoadResult> {
  const idAt = call.body.lastIndexOf('"id":');
  if (idAt < 0 || !/^"id":\d+\}$/.test(call.body.slice(idAt))) throw new Error(`unexpected request body ${call.body}`);
  const prefix = call.body.slice(0, idAt);
  let nextId = 1_000;
  const expected = `"text":"${message}"`;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: settings.connections,
    duration: settings.durationSeconds,
    headers: call.headers,
    body: call.body,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, body: `${prefix}"id":${nextId++}}` }) }],
    verifyBody: (body) => body.includes(expected),
  });
  const problems: string[] = [];
  if (result.errors > 0) problems.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (result.non2xx > 0) {
    const statuses = Object.entries(result.statusCodeStats).filter(([status]) => !status.startsWith('2'));
    problems.push(`${result.non2xx} non-2xx (${statuses.map(([status, { count }]) => `${status}×${count}`).join(', ')})`);
  }
  if (result.mismatches > 0) problems.push(`${result.mismatches} bodies without the echoed message`);
  if (result.requests.total === 0) problems.push('no responses at all');
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    problems,
    serverCpuMicros: Number.NaN,
    foreignCores: Number.NaN,
  };
}
