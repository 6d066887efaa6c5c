import { McpflowError } from '../errors/mcpflow-error.ts';

/** Where a string sits in the configuration, so an error can name it. */
export interface ConfigLocation {
  server: string;
  field: string;
}

const reference = /\$\{env:([^}]*)\}/g;

/**
 * Replaces every `${env:NAME}` in `text` with the variable's value (the VS Code syntax, which Cursor and Claude
 * configurations also use). A variable that is not set is a configuration error rather than an empty string,
 * because an empty token or path fails much later and far less clearly.
 */
export function interpolateEnv(text: string, env: Record<string, string | undefined>, location: ConfigLocation): string {
  return text.replace(reference, (_match, name: string) => {
    const value = env[name];
    if (value !== undefined) return value;
    throw new McpflowError(
      'CONFIG_INVALID',
      `Server "${location.server}": field "${location.field}" references environment variable "${name}", which is not set`,
      { data: { server: location.server, field: location.field, variable: name } },
    );
  });
}

/** {@link interpolateEnv} over every value of a string record; the field names `field.key`. */
export function interpolateRecord(
  record: Record<string, string> | undefined,
  env: Record<string, string | undefined>,
  location: ConfigLocation,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    result[key] = interpolateEnv(value, env, { server: location.server, field: `${location.field}.${key}` });
  }
  return result;
}
