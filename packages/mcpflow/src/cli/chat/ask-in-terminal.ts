import type { ApprovalAnswer, ElicitationAnswer, FormSchema } from './chat-session.ts';

/** Asks for a tool approval with a clack confirm; Ctrl-C (cancel) counts as a refusal. */
export async function askApproval(tool: string, input: unknown): Promise<{ answer: ApprovalAnswer; cancelled: boolean }> {
  const { confirm, isCancel } = await import('@clack/prompts');
  const shown = JSON.stringify(input);
  const answer = await confirm({
    message: `Run ${tool} ${shown.length > 200 ? `${shown.slice(0, 199)}…` : shown}?`,
    output: process.stderr,
  });
  if (isCancel(answer)) return { answer: { approved: false, reason: 'cancelled by the user' }, cancelled: true };
  return { answer: { approved: answer }, cancelled: false };
}

/**
 * Renders an MCP elicitation form as prompts, one per field: booleans as confirm, enums as select, the rest as
 * text (numbers checked). Ctrl-C on any field cancels the whole form.
 */
export async function askForm(server: string, message: string, schema: FormSchema): Promise<ElicitationAnswer> {
  const prompts = await import('@clack/prompts');
  const output = process.stderr;
  prompts.log.info(`${server} asks: ${message}`, { output });
  const content: NonNullable<ElicitationAnswer['content']> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const label = `${typeof field.title === 'string' ? field.title : name}${typeof field.description === 'string' ? ` (${field.description})` : ''}`;
    const required = schema.required?.includes(name) ?? false;
    let value: unknown;
    if (field.type === 'boolean') {
      value = await prompts.confirm({
        message: label,
        output,
        ...(typeof field.default === 'boolean' ? { initialValue: field.default } : {}),
      });
    } else if (Array.isArray(field.enum)) {
      const options = (field.enum as string[]).map((option) => ({ value: option, label: option }));
      value = await prompts.select({ message: label, options, output });
    } else {
      const numeric = field.type === 'number' || field.type === 'integer';
      const text = await prompts.text({
        message: label,
        output,
        ...(field.default === undefined ? {} : { initialValue: String(field.default) }),
        validate: (entered) => {
          if ((entered ?? '') === '') return required ? 'required' : undefined;
          if (numeric && Number.isNaN(Number(entered))) return 'a number, please';
          return undefined;
        },
      });
      value = prompts.isCancel(text) || text === '' || text === undefined ? text : numeric ? Number(text) : text;
    }
    if (prompts.isCancel(value)) return { action: 'cancel' };
    if (value !== '' && value !== undefined) content[name] = value as string | number | boolean;
  }
  return { action: 'accept', content };
}
