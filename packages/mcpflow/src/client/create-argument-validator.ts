import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** One way the arguments miss the schema: a JSON pointer into the arguments and what is wrong there. */
export interface ArgumentProblem {
  /** JSON pointer to the offending value (`''` is the arguments object itself). */
  path: string;
  message: string;
}

/** Checks tool arguments against tool input schemas; compiled schemas are cached per schema object. */
export interface ArgumentValidator {
  /**
   * The problems of `args` against `schema`, empty when they conform. A schema that cannot be compiled
   * (an unknown dialect, a broken `$ref`) yields no problems: the server still validates, and refusing every
   * call because of our own limits would be worse.
   */
  validate(schema: object, args: unknown): ArgumentProblem[];
}

// ajv-formats is CommonJS: under Node's ESM interop its function is the `default` of the default import.
const addFormats = addFormatsModule.default;

const draft07Dialects = ['draft-07', 'draft-06'];

function describe(error: ErrorObject): ArgumentProblem {
  const path = error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return { path, message: `must not have property "${String(error.params.additionalProperty)}"` };
  }
  if (error.keyword === 'required') return { path, message: `must have property "${String(error.params.missingProperty)}"` };
  return { path, message: error.message ?? `fails "${error.keyword}"` };
}

/**
 * Creates the validator `callTool` runs before sending anything. A schema declaring draft-07 (or draft-06) is
 * compiled by Ajv's draft-07 engine; everything else by its 2020-12 engine, the dialect MCP assumes when a schema
 * names none. Both resolve local `$ref`s into `definitions`/`$defs` and check formats.
 *
 * @example
 * ```ts
 * const validator = createArgumentValidator();
 * validator.validate({ type: 'object', required: ['a'] }, {}); // [{ path: '', message: 'must have property "a"' }]
 * ```
 */
export function createArgumentValidator(): ArgumentValidator {
  // strict: false because real servers ship schemas with unknown keywords and formats; we validate, not lint.
  const engineOptions = { strict: false, allErrors: true, validateSchema: false } as const;
  const draft07 = addFormats(new Ajv(engineOptions));
  const draft2020 = addFormats(new Ajv2020(engineOptions));
  const compiled = new WeakMap<object, ValidateFunction | undefined>();

  const compile = (schema: object): ValidateFunction | undefined => {
    const cached = compiled.get(schema);
    if (cached !== undefined || compiled.has(schema)) return cached;
    const dialect = (schema as { $schema?: unknown }).$schema;
    const isDraft07 = typeof dialect === 'string' && draft07Dialects.some((name) => dialect.includes(name));
    let validate: ValidateFunction | undefined;
    try {
      // A copy without `$id`, so two tools with the same `$id` do not clash in the shared engine.
      const { $id: _ignored, ...rest } = schema as Record<string, unknown>;
      validate = (isDraft07 ? draft07 : draft2020).compile(rest);
    } catch {
      validate = undefined;
    }
    compiled.set(schema, validate);
    return validate;
  };

  return {
    validate(schema, args) {
      const validate = compile(schema);
      if (validate === undefined || validate(args)) return [];
      return (validate.errors ?? []).map(describe);
    },
  };
}
