import type { AnyEventDefinition } from './define-event.ts';
import type { StepDefinition } from './workflow-definition.ts';

/** @internal What `validateWorkflow` looks at. */
export interface WorkflowShape {
  name: string;
  start: AnyEventDefinition;
  stop: AnyEventDefinition;
  external: readonly AnyEventDefinition[];
  steps: readonly StepDefinition[];
}

/**
 * @internal Finds every inconsistency of a workflow: returns one sentence per problem (empty when sound).
 * Reachability is computed from the start event and the declared external events through the steps' `emits`.
 */
export function validateWorkflow(shape: WorkflowShape): string[] {
  const problems: string[] = [];
  if (shape.name.trim().length === 0) problems.push('the workflow needs a name');
  problems.push(...checkSteps(shape.steps), ...checkEventNames(shape));
  const handled = new Set(shape.steps.flatMap((step) => step.on));
  const stop = shape.stop.type;
  if (shape.start.type === stop) problems.push('the start and stop events must differ');
  for (const step of shape.steps) {
    if (step.on.includes(stop)) problems.push(`step "${step.name}" takes the stop event "${stop}", which ends the run instead`);
    for (const type of step.emits) {
      if (type !== stop && !handled.has(type))
        problems.push(`event "${type}" (emitted by step "${step.name}") has no step to handle it`);
    }
  }
  if (!handled.has(shape.start.type)) problems.push(`the start event "${shape.start.type}" has no step to handle it`);
  for (const event of shape.external) {
    if (!handled.has(event.type)) problems.push(`external event "${event.type}" has no step to handle it`);
  }
  const { reachable, ran } = reach(shape);
  for (const step of shape.steps) {
    if (!ran.has(step.name) && step.on.length > 0) {
      problems.push(`step "${step.name}" can never run: nothing produces ${step.on.map((type) => `"${type}"`).join(' or ')}`);
    }
  }
  if (!reachable.has(stop)) problems.push(`no step that can run produces the stop event "${stop}"`);
  return problems;
}

function checkSteps(steps: readonly StepDefinition[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const step of steps) {
    if (step.name.trim().length === 0) problems.push('every step needs a name');
    if (names.has(step.name)) problems.push(`two steps are named "${step.name}"`);
    names.add(step.name);
    if (step.on.length === 0) problems.push(`step "${step.name}" has no events in "on"`);
    const { concurrency, timeoutMs, retry } = step;
    if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency > 0))) {
      problems.push(`step "${step.name}": concurrency must be a positive integer or Infinity`);
    }
    if (timeoutMs !== undefined && !(timeoutMs > 0)) problems.push(`step "${step.name}": timeoutMs must be positive`);
    if (retry !== undefined && !(Number.isInteger(retry.maxAttempts) && retry.maxAttempts >= 1)) {
      problems.push(`step "${step.name}": retry.maxAttempts must be an integer of at least 1`);
    }
  }
  return problems;
}

/** Two different definitions that share a type name would be indistinguishable at run time. */
function checkEventNames(shape: WorkflowShape): string[] {
  const byType = new Map<string, AnyEventDefinition>();
  const problems = new Set<string>();
  const all = [shape.start, shape.stop, ...shape.external, ...shape.steps.flatMap((step) => stepDefinitions(step))];
  for (const definition of all) {
    const known = byType.get(definition.type);
    if (known !== undefined && known !== definition) problems.add(`two different events are named "${definition.type}"`);
    byType.set(definition.type, definition);
  }
  return [...problems];
}

function stepDefinitions(step: StepDefinition): AnyEventDefinition[] {
  return [...step.onDefinitions, ...step.emitDefinitions];
}

function reach(shape: WorkflowShape): { reachable: Set<string>; ran: Set<string> } {
  const reachable = new Set([shape.start.type, ...shape.external.map((event) => event.type)]);
  const ran = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of shape.steps) {
      if (ran.has(step.name) || !step.on.some((type) => reachable.has(type))) continue;
      ran.add(step.name);
      changed = true;
      for (const type of step.emits) reachable.add(type);
    }
  }
  return { reachable, ran };
}
