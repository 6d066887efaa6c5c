/** A value for one URI-template variable; lists expand per RFC 6570 (`{?tags*}`). */
export type TemplateValue = string | number | boolean | readonly (string | number | boolean)[];

type StripModifier<Name extends string> = Name extends `${infer Base}*`
  ? Base
  : Name extends `${infer Base}:${string}`
    ? Base
    : Name;

type StripOperator<Name extends string> = Name extends `${'+' | '#' | '.' | '/' | ';' | '?' | '&'}${infer Rest}`
  ? StripModifier<Rest>
  : StripModifier<Name>;

type ExpressionNames<Expression extends string> = Expression extends `${infer Head},${infer Tail}`
  ? StripOperator<Head> | ExpressionNames<Tail>
  : StripOperator<Expression>;

/**
 * The variable names of an RFC 6570 URI template, computed from its literal type:
 * `TemplateVariableNames<'docs://{owner}/{+path}{?q,page}'>` is `'owner' | 'path' | 'q' | 'page'`.
 */
export type TemplateVariableNames<Template extends string> = Template extends `${string}{${infer Expression}}${infer Rest}`
  ? ExpressionNames<Expression> | TemplateVariableNames<Rest>
  : never;

/**
 * The variables object for a template: typed by name when the template is a literal URI template, a plain record
 * when it is an exposed template name (whose variables are only known at run time).
 *
 * @example
 * ```ts
 * const variables: TemplateVariables<'demo://resource/dynamic/text/{resourceId}'> = { resourceId: 3 };
 * ```
 */
export type TemplateVariables<Template extends string> = [TemplateVariableNames<Template>] extends [never]
  ? Record<string, TemplateValue>
  : { [Name in TemplateVariableNames<Template>]: TemplateValue };

/** Converts typed values to the strings (and string lists) the SDK's `UriTemplate.expand` takes. */
export function toTemplateStrings(variables: Record<string, TemplateValue>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(variables)) {
    result[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return result;
}
