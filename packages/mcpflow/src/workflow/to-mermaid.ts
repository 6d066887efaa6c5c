import type { AnyEventDefinition } from './define-event.ts';
import type { StepInfo } from './workflow-definition.ts';

/** What {@link toMermaid} draws: any built workflow fits. */
export interface DiagramSource {
  readonly name: string;
  readonly start: AnyEventDefinition;
  readonly stop: AnyEventDefinition;
  readonly external: readonly AnyEventDefinition[];
  readonly steps: readonly StepInfo[];
}

/**
 * The workflow's possible flows as a Mermaid flowchart: events are rounded nodes (start, stop and external ones
 * styled apart), steps are boxes, arrows go from an event to the steps it triggers and from a step to what it emits.
 *
 * @example
 * ```ts
 * await writeFile('flow.mmd', toMermaid(workflow))
 * ```
 */
export function toMermaid(workflow: DiagramSource): string {
  const eventIds = new Map<string, string>();
  const eventId = (type: string): string => {
    let id = eventIds.get(type);
    if (id === undefined) {
      id = `event${eventIds.size}`;
      eventIds.set(type, id);
    }
    return id;
  };
  const external = new Set(workflow.external.map((event) => event.type));
  const lines = ['flowchart TD', `  %% workflow: ${label(workflow.name)}`];
  const edges: string[] = [];
  workflow.steps.forEach((step, index) => {
    const stepId = `step${index}`;
    lines.push(`  ${stepId}["${label(step.name)}"]:::step`);
    for (const type of step.on) edges.push(`  ${eventId(type)} --> ${stepId}`);
    for (const type of step.emits) edges.push(`  ${stepId} --> ${eventId(type)}`);
  });
  eventId(workflow.start.type);
  eventId(workflow.stop.type);
  for (const [type, id] of eventIds) {
    const kind =
      type === workflow.start.type ? 'start' : type === workflow.stop.type ? 'stop' : external.has(type) ? 'external' : 'event';
    lines.push(`  ${id}(["${label(type)}"]):::${kind}`);
  }
  lines.push(...edges);
  lines.push(
    '  classDef step fill:#e8f0fe,stroke:#3b6fd6',
    '  classDef event fill:#fff,stroke:#888',
    '  classDef start fill:#e6f4ea,stroke:#2e7d32',
    '  classDef stop fill:#fdecea,stroke:#c62828',
    '  classDef external fill:#fff8e1,stroke:#f9a825',
  );
  return `${lines.join('\n')}\n`;
}

function label(text: string): string {
  return text.replaceAll('"', '#quot;').replaceAll('\n', ' ');
}
