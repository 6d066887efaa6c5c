import type { ApprovalAnswer, ElicitationAnswer, FormSchema } from './chat-session.ts';

/** A JSON value shortened for a one-line question. */
export function shortJson(value: unknown, limit = 200): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return shown.length > limit ? `${shown.slice(0, limit - 1)}…` : shown;
}

/** Asks a yes/no question with a clack confirm (Yes by default); Ctrl-C (cancel) counts as a refusal. */
export async function askApproval(question: string): Promise<{ answer: ApprovalAnswer; cancelled: boolean }> {
  const { confirm, isCancel } = await import('@clack/prompts');
  const answer = await confirm({ message: question, output: process.stderr });
  if (isCancel(answer)) return { answer: { approved: false, reason: 'cancelled by the user' }, cancelled: true };
  return { answer: { approved: answer }, cancelled: false };
}

type Field = Record<string, unknown>;
type Choice = { value: string; label: string };

/** The choices of an enum field, in every form MCP elicitation allows: `enum` (+ legacy `enumNames`), titled `oneOf`/`anyOf`. */
function choicesOf(field: Field | undefined): Choice[] | undefined {
  if (field === undefined) return undefined;
  // `{ allOf: [{ type: 'string' }, { oneOf: [...] }] }` is how a titled enum reads after a trip through zod.
  if (Array.isArray(field.allOf)) return (field.allOf as Field[]).map(choicesOf).find((choices) => choices !== undefined);
  if (Array.isArray(field.enum)) {
    const names = Array.isArray(field.enumNames) ? (field.enumNames as string[]) : [];
    return (field.enum as string[]).map((value, index) => ({ value, label: names[index] ?? value }));
  }
  const titled = (field.oneOf ?? field.anyOf) as { const: string; title?: string }[] | undefined;
  return Array.isArray(titled)
    ? titled.map((option) => ({ value: option.const, label: option.title ?? option.const }))
    : undefined;
}

/**
 * Renders an MCP elicitation form as prompts, one per field: booleans as confirm, enums as select, arrays of enums
 * as multiselect, the rest as text (numbers checked; Enter keeps the default). Ctrl-C on any field cancels the form.
 */
export async function askForm(server: string, message: string, schema: FormSchema): Promise<ElicitationAnswer> {
  const prompts = await import('@clack/prompts');
  const output = process.stderr;
  prompts.log.info(`${server} asks: ${message}`, { output });
  const content: NonNullable<ElicitationAnswer['content']> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const title = typeof field.title === 'string' ? field.title : name;
    const label = `${title}${typeof field.description === 'string' ? ` (${field.description})` : ''}`;
    const required = schema.required?.includes(name) ?? false;
    const choices = choicesOf(field);
    const itemChoices = field.type === 'array' ? choicesOf(field.items as Field | undefined) : undefined;
    let value: unknown;
    if (field.type === 'boolean') {
      value = await prompts.confirm({ message: label, output, initialValue: field.default === true });
    } else if (itemChoices !== undefined) {
      value = await prompts.multiselect({
        message: label,
        options: itemChoices,
        output,
        required: required || (typeof field.minItems === 'number' && field.minItems > 0),
        ...(Array.isArray(field.default) ? { initialValues: field.default as string[] } : {}),
      });
    } else if (choices !== undefined) {
      value = await prompts.select({
        message: label,
        options: choices,
        output,
        ...(typeof field.default === 'string' ? { initialValue: field.default } : {}),
      });
    } else {
      const numeric = field.type === 'number' || field.type === 'integer';
      const fallback = field.default === undefined ? undefined : String(field.default);
      const text = await prompts.text({
        message: label,
        output,
        ...(fallback === undefined ? {} : { placeholder: fallback, defaultValue: fallback }),
        validate: (entered) => {
          if ((entered ?? '') === '') return required && fallback === undefined ? 'required' : undefined;
          if (numeric && Number.isNaN(Number(entered))) return 'a number, please';
          return undefined;
        },
      });
      value = prompts.isCancel(text) || text === undefined || text === '' ? text : numeric ? Number(text) : text;
    }
    if (prompts.isCancel(value)) return { action: 'cancel' };
    if (value !== '' && value !== undefined) content[name] = value as string | number | boolean | string[];
  }
  return { action: 'accept', content };
}
