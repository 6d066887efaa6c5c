import type { WorkflowEvent } from './define-event.ts';
import type { WorkflowSnapshot } from './workflow-snapshot.ts';

/** Which collect call of which invocation asks, so that a replay of the same call gets the same events. */
export interface CollectKey {
  invocationId: string;
  call: string;
}

/**
 * @internal Fan-in state of one run: events buffered per collecting step, and the sets already handed to a live
 * invocation (kept until it ends, for replays after resume or retry).
 */
export class FanInBuffer {
  readonly #buffered = new Map<string, { invocationId: string; event: WorkflowEvent }[]>();
  readonly #claimed = new Map<string, { invocationId: string; events: WorkflowEvent[] }>();

  constructor(snapshot?: Pick<WorkflowSnapshot, 'collected' | 'claimed'>) {
    for (const [step, entries] of Object.entries(snapshot?.collected ?? {})) this.#buffered.set(step, structuredClone(entries));
    for (const [call, claim] of Object.entries(snapshot?.claimed ?? {})) this.#claimed.set(call, structuredClone(claim));
  }

  /** Buffers `event` and returns the `expected` types' events (in that order) once all are there. */
  collect(step: string, key: CollectKey, event: WorkflowEvent, expected: readonly string[]): WorkflowEvent[] | undefined {
    const claimed = this.#claimed.get(key.call);
    if (claimed !== undefined) return claimed.events;
    let buffer = this.#buffered.get(step);
    if (buffer === undefined) {
      buffer = [];
      this.#buffered.set(step, buffer);
    }
    // A replayed invocation (after resume or retry) must not count its event twice.
    if (expected.includes(event.type) && !buffer.some((entry) => entry.invocationId === key.invocationId)) {
      buffer.push({ invocationId: key.invocationId, event });
    }
    if (buffer.length < expected.length || !hasAll(buffer, expected)) return undefined;
    const taken = new Set<number>();
    const entries = buffer;
    const events = expected.map((type) => {
      const index = entries.findIndex((entry, at) => !taken.has(at) && entry.event.type === type);
      taken.add(index);
      return (entries[index] as { event: WorkflowEvent }).event;
    });
    const rest = entries.filter((_entry, at) => !taken.has(at));
    if (rest.length === 0) this.#buffered.delete(step);
    else this.#buffered.set(step, rest);
    this.#claimed.set(key.call, { invocationId: key.invocationId, events });
    return events;
  }

  /** Forgets what an ended invocation claimed. */
  release(invocationId: string): void {
    for (const [call, claim] of this.#claimed) if (claim.invocationId === invocationId) this.#claimed.delete(call);
  }

  toSnapshot(): Pick<WorkflowSnapshot, 'collected' | 'claimed'> {
    return {
      collected: Object.fromEntries([...this.#buffered].map(([step, entries]) => [step, structuredClone(entries)])),
      claimed: Object.fromEntries([...this.#claimed].map(([call, claim]) => [call, structuredClone(claim)])),
    };
  }
}

function hasAll(buffer: readonly { event: WorkflowEvent }[], expected: readonly string[]): boolean {
  const needed = new Map<string, number>();
  for (const type of expected) needed.set(type, (needed.get(type) ?? 0) + 1);
  for (const entry of buffer) {
    const count = needed.get(entry.event.type);
    if (count !== undefined) needed.set(entry.event.type, count - 1);
  }
  for (const count of needed.values()) if (count > 0) return false;
  return true;
}
