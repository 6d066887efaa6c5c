import { describe, expect, expectTypeOf, it } from 'vitest';
import { type TemplateVariableNames, type TemplateVariables, toTemplateStrings } from './template-variables.ts';

describe('template variables', () => {
  it('derives variable names from a literal URI template', () => {
    expectTypeOf<TemplateVariableNames<'docs://{owner}/{+path}{?q,page*}'>>().toEqualTypeOf<'owner' | 'path' | 'q' | 'page'>();
    expectTypeOf<TemplateVariables<'demo://resource/dynamic/text/{resourceId}'>>().toHaveProperty('resourceId');
    expectTypeOf<TemplateVariables<'everything__Dynamic_Text_Resource'>>().toEqualTypeOf<
      Record<string, string | number | boolean | readonly (string | number | boolean)[]>
    >();
  });

  it('turns typed values into the strings the SDK expands', () => {
    expect(toTemplateStrings({ id: 3, on: true, tags: ['a', 1] })).toEqual({ id: '3', on: 'true', tags: ['a', '1'] });
  });
});
