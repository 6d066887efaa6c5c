// Run as a child process by the scale-out tests. MODE: `plain` (no shared state), `redis` (tasks, sessions, events
// and snapshots in Redis), `queue` (as redis, workflow tasks queued for workers) or `worker` (a BullMQ worker).
// Prints `ready <url>` once serving; stops on SIGTERM.
import { Redis } from 'ioredis';
import * as z from 'zod';
import { createMcpflowServer } from '../../server/create-mcpflow-server.ts';
import { serveHttp } from '../../server/serve-http.ts';
import { reviewWorkflow } from '../../server/test-support/review-server.fixture.ts';
import { createWorkflow } from '../../workflow/create-workflow.ts';
import { defineEvent } from '../../workflow/define-event.ts';
import { createBullmqTaskQueue, startTaskWorker } from '../bullmq-task-queue.ts';
import { createRedisEventBus } from '../redis-event-bus.ts';
import { createRedisEventStore } from '../redis-event-store.ts';
import { createRedisSessionStore } from '../redis-session-store.ts';
import { createRedisSnapshotStore } from '../redis-snapshot-store.ts';
import { createRedisTaskStore } from '../redis-task-store.ts';

const mode = process.env.MODE ?? 'plain';
const redisUrl = process.env.REDIS_URL ?? '';
const stops: (() => Promise<unknown>)[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);

const Wait = defineEvent('wait', z.object({ milliseconds: z.number() }));
const Waited = defineEvent('waited', z.object({ milliseconds: z.number(), pid: z.number() }));
/** Waits, then says which process ran it; says on stdout when its signal aborts (a cancellation arrived). */
const waitWorkflow = createWorkflow({ name: 'wait', description: 'Waits, then names its process', start: Wait, stop: Waited })
  .step('wait', { on: [Wait], emits: [Waited] }, async (event, context) => {
    say(`started ${event.data.milliseconds}`);
    context.signal.addEventListener('abort', () => say('aborted'), { once: true });
    await new Promise((resolve) => setTimeout(resolve, event.data.milliseconds));
    context.signal.throwIfAborted();
    return Waited.create({ milliseconds: event.data.milliseconds, pid: process.pid });
  })
  .build();

const redis = mode === 'plain' ? undefined : new Redis(redisUrl);
const taskStore = redis && createRedisTaskStore({ redis, replyTimeoutMs: 1_000 });
const taskQueue = mode === 'queue' ? createBullmqTaskQueue({ connection: { url: redisUrl } }) : undefined;
const server = createMcpflowServer({
  name: 'scale-out',
  version: '1.0.0',
  requestStateKey: 'a-shared-test-key-that-is-at-least-32-bytes',
  taskPollIntervalMs: 20,
  resourceSubscriptions: true,
  ...(taskStore ? { taskStore } : {}),
  ...(redis ? { snapshotStore: createRedisSnapshotStore({ redis }) } : {}),
  ...(taskQueue ? { taskQueue } : {}),
})
  .workflow(waitWorkflow)
  .workflow(reviewWorkflow)
  .tool(
    'echo',
    { description: 'Echoes its id with the serving process', input: z.object({ id: z.string() }) },
    async ({ id }) => ({
      id,
      pid: process.pid,
      // With Redis, every execution is counted, so a test can find any call that ran twice, on any process.
      ...(redis ? { runs: await redis.incr(`echo-runs:${id}`) } : {}),
    }),
  )
  .resource('thing', 'test://thing', { description: 'A thing that changes', mimeType: 'text/plain' }, () => 'a thing')
  .tool('announce', { description: 'Says the tool list and the thing changed', input: z.object({}) }, () => {
    server.notifyListChanged('tools');
    server.notifyResourceUpdated('test://thing');
    return `announced by ${process.pid}`;
  })
  .tool(
    'add',
    { description: 'Add two numbers', input: z.object({ a: z.number(), b: z.number() }) },
    ({ a, b }) => `${a + b} from ${process.pid}`,
  );

if (mode === 'worker') {
  const worker = startTaskWorker(server, {
    connection: { url: redisUrl },
    concurrency: 4,
    ...(process.env.STALL_MS ? { stallTimeoutMs: Number(process.env.STALL_MS) } : {}),
  });
  await worker.worker.waitUntilReady();
  stops.push(() => worker.close());
  say('ready worker');
} else {
  const bus = redis && createRedisEventBus({ redis });
  const http = await serveHttp(server, {
    ...(redis && bus
      ? { sessionStore: createRedisSessionStore({ redis }), eventStore: createRedisEventStore({ redis }), bus }
      : {}),
  });
  stops.push(() => http.close());
  if (bus) stops.push(() => bus.close());
  say(`ready ${http.url.href}`);
}
if (taskQueue) stops.push(() => taskQueue.close());
if (taskStore) stops.push(() => taskStore.close());
if (redis) stops.push(() => redis.quit());

process.once('SIGTERM', async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  process.exit(0);
});
