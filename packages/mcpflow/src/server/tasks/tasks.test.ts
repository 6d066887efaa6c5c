import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMcpflowServer } from '../create-mcpflow-server.ts';
import { serveHttp } from '../serve-http.ts';
import { modernRequest, waitForTask } from '../test-support/modern-request.fixture.ts';
import { reviewWorkflow, slowSignals, slowWorkflow } from '../test-support/review-server.fixture.ts';
import { createSqliteTaskStore } from './sqlite-task-store.ts';

const watchfulSignals: AbortSignal[] = [];

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; !check() && tries < 200; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

const key = 'a-test-key-that-is-at-least-thirty-two-bytes-long';

function buildServer(taskStore?: Parameters<typeof createMcpflowServer>[0]['taskStore']) {
  return createMcpflowServer({
    name: 'tasks',
    version: '1.0.0',
    requestStateKey: key,
    taskPollIntervalMs: 20,
    ...(taskStore ? { taskStore } : {}),
  })
    .workflow(reviewWorkflow)
    .workflow(slowWorkflow)
    .tool(
      'sleepy',
      { description: 'Sleeps, then answers', input: z.object({ milliseconds: z.number() }), task: 'optional' },
      async ({ milliseconds }) => {
        await new Promise((resolve) => setTimeout(resolve, milliseconds));
        return `slept ${milliseconds} ms`;
      },
    )
    .tool(
      'watchful',
      { description: 'Waits unless its signal fires', input: z.object({ milliseconds: z.number() }), task: 'optional' },
      async ({ milliseconds }, context) => {
        const signal = context.mcpReq.signal;
        watchfulSignals.push(signal);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, milliseconds);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error(`aborted: ${String(signal.reason)}`));
          });
        });
        return `watched ${milliseconds} ms`;
      },
    )
    .tool('batch', { description: 'Only as a task', input: z.object({}), task: 'required' }, () => 'done');
}

describe('MCP tasks', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mcpflow-tasks-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('runs a slow tool as a task and inlines its result on tasks/get; quick calls are answered directly', async () => {
    const http = await serveHttp(buildServer());
    try {
      const quick = await modernRequest(http.url, 'tools/call', { name: 'sleepy', arguments: { milliseconds: 0 } });
      expect(quick.result?.resultType).toBe('complete');
      const created = await modernRequest(http.url, 'tools/call', { name: 'sleepy', arguments: { milliseconds: 300 } });
      expect(created.result).toMatchObject({ resultType: 'task', status: 'working', pollIntervalMs: 20 });
      const taskId = String(created.result?.taskId);
      const done = await waitForTask(http.url, taskId, ['completed']);
      expect(done.result).toMatchObject({ content: [{ type: 'text', text: 'slept 300 ms' }] });
      const unknown = await modernRequest(http.url, 'tasks/get', { taskId: 'no-such-task' });
      expect(unknown.error?.code).toBe(-32602);
    } finally {
      await http.close();
    }
  });

  it("governs a plain task tool by the task's cancellation, not by the request that created it (2026-07-28)", async () => {
    const http = await serveHttp(buildServer());
    try {
      const created = await modernRequest(http.url, 'tools/call', { name: 'watchful', arguments: { milliseconds: 400 } });
      expect(created.result?.resultType).toBe('task');
      // The creating request's response has ended; the work must go on to the end.
      const done = await waitForTask(http.url, String(created.result?.taskId), ['completed', 'failed']);
      expect(done.result).toMatchObject({ content: [{ type: 'text', text: 'watched 400 ms' }] });

      const before = watchfulSignals.length;
      const cancelled = await modernRequest(http.url, 'tools/call', { name: 'watchful', arguments: { milliseconds: 10_000 } });
      const taskId = String(cancelled.result?.taskId);
      await until(() => watchfulSignals.length > before);
      const signal = watchfulSignals.at(-1);
      expect(signal?.aborted).toBe(false);
      await modernRequest(http.url, 'tasks/cancel', { taskId });
      await until(() => signal?.aborted === true);
      expect(signal?.aborted).toBe(true);
      expect((await waitForTask(http.url, taskId, ['cancelled'])).status).toBe('cancelled');
    } finally {
      await http.close();
    }
  });

  it("keeps the request's signal for task tools called without tasks (2025-11-25 session: the client's cancellation aborts)", async () => {
    const http = await serveHttp(buildServer());
    const client = new Client({ name: 'tasks-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(http.url));
      const quick = await client.callTool({ name: 'watchful', arguments: { milliseconds: 20 } });
      expect(quick.content).toEqual([{ type: 'text', text: 'watched 20 ms' }]);
      const before = watchfulSignals.length;
      const abort = new AbortController();
      const call = client.callTool({ name: 'watchful', arguments: { milliseconds: 10_000 } }, { signal: abort.signal });
      call.catch(() => undefined);
      await until(() => watchfulSignals.length > before);
      abort.abort('changed my mind');
      const signal = watchfulSignals.at(-1);
      await until(() => signal?.aborted === true);
      expect(signal?.aborted).toBe(true);
      await expect(call).rejects.toThrow();
    } finally {
      await client.close();
      await http.close();
    }
  });

  it('refuses task-only tools and task methods to clients without the extension (-32021)', async () => {
    const http = await serveHttp(buildServer());
    try {
      const call = await modernRequest(http.url, 'tools/call', { name: 'batch', arguments: {} }, { tasks: false });
      expect(call.error?.code).toBe(-32021);
      const get = await modernRequest(http.url, 'tasks/get', { taskId: 'x' }, { tasks: false });
      expect(get.error?.code).toBe(-32021);
      const optional = await modernRequest(
        http.url,
        'tools/call',
        { name: 'sleepy', arguments: { milliseconds: 100 } },
        { tasks: false },
      );
      expect(optional.result?.resultType).toBe('complete');
    } finally {
      await http.close();
    }
  });

  it('turns a workflow input request into input_required and resumes it with tasks/update', async () => {
    const http = await serveHttp(buildServer());
    try {
      const created = await modernRequest(http.url, 'tools/call', { name: 'review', arguments: { topic: 'tasks' } });
      const taskId = String(created.result?.taskId);
      const waiting = await waitForTask(http.url, taskId, ['input_required']);
      const [inputKey, request] =
        Object.entries(waiting.inputRequests as Record<string, { method: string; params: { message: string } }>)[0] ?? [];
      expect(request).toMatchObject({ method: 'elicitation/create', params: { message: 'Publish "About tasks"?' } });
      const ack = await modernRequest(http.url, 'tasks/update', {
        taskId,
        inputResponses: { [inputKey ?? '']: { action: 'accept', content: { approved: true, reviewer: 'eve' } } },
      });
      expect(ack.result?.resultType).toBe('complete');
      const done = await waitForTask(http.url, taskId, ['completed']);
      expect(done.result).toMatchObject({ structuredContent: { text: 'About tasks', approvedBy: 'eve' } });
    } finally {
      await http.close();
    }
  });

  it('cancels a task: the workflow step signal fires and the status is cancelled', async () => {
    const http = await serveHttp(buildServer());
    try {
      const before = slowSignals.length;
      const created = await modernRequest(http.url, 'tools/call', { name: 'slow', arguments: { milliseconds: 5_000 } });
      const taskId = String(created.result?.taskId);
      expect(created.result?.resultType).toBe('task');
      for (let tries = 0; slowSignals.length === before && tries < 100; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const ack = await modernRequest(http.url, 'tasks/cancel', { taskId });
      expect(ack.result).toMatchObject({ resultType: 'complete' });
      expect((await waitForTask(http.url, taskId, ['cancelled'])).status).toBe('cancelled');
      const signal = slowSignals.at(-1);
      for (let tries = 0; signal?.aborted !== true && tries < 100; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(signal?.aborted).toBe(true);
    } finally {
      await http.close();
    }
  });

  it('keeps a waiting workflow task across a server restart (SQLite task store) and finishes it on the new server', async () => {
    const path = join(directory, 'tasks.db');
    const firstStore = createSqliteTaskStore({ path });
    const first = await serveHttp(buildServer(firstStore));
    const created = await modernRequest(first.url, 'tools/call', { name: 'review', arguments: { topic: 'restarts' } });
    const taskId = String(created.result?.taskId);
    const waiting = await waitForTask(first.url, taskId, ['input_required']);
    const inputKey = Object.keys(waiting.inputRequests as object)[0] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.close();
    firstStore.close();

    const secondStore = createSqliteTaskStore({ path });
    const second = await serveHttp(buildServer(secondStore));
    try {
      expect((await modernRequest(second.url, 'tasks/get', { taskId })).result?.status).toBe('input_required');
      await modernRequest(second.url, 'tasks/update', {
        taskId,
        inputResponses: { [inputKey]: { action: 'accept', content: { approved: true, reviewer: 'after-restart' } } },
      });
      const done = await waitForTask(second.url, taskId, ['completed']);
      expect(done.result).toMatchObject({ structuredContent: { text: 'About restarts', approvedBy: 'after-restart' } });
    } finally {
      await second.close();
      secondStore.close();
    }
  });
});
