import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { buildCatalog, type ServerCatalog } from './build-catalog.ts';
import { createLineBuffer } from './create-line-buffer.ts';
import { createToolSearch, tokenizeIdentifier } from './create-tool-search.ts';
import type { ServerDefinition } from './server-definition.ts';
import { toExposedName } from './to-exposed-name.ts';

function definition(name: string, extra: Partial<ServerDefinition> = {}): ServerDefinition {
  return {
    name,
    transport: 'stdio',
    command: 'x',
    args: [],
    env: {},
    disabled: false,
    prefix: name,
    ...extra,
  } as ServerDefinition;
}

function tool(name: string, description = '', properties: Record<string, object> = {}): Tool {
  return { name, description, inputSchema: { type: 'object', properties } as Tool['inputSchema'] };
}

function catalogOf(tools: Tool[]): ServerCatalog {
  return { tools, prompts: [], resources: [], resourceTemplates: [] };
}

describe('toExposedName', () => {
  it('joins prefix and name and sanitises to [A-Za-z0-9_-]', () => {
    expect(toExposedName('github', 'create issue', '__')).toBe('github__create_issue');
    expect(toExposedName('my.server', 'ünïcode/tool', '.')).toBe('my_server__n_code_tool');
    expect(toExposedName('', 'bare', '__')).toBe('bare');
  });

  it('shortens long names to 64 characters with a stable hash', () => {
    const long = 'a'.repeat(80);
    const first = toExposedName('server', long, '__');
    expect(first).toHaveLength(64);
    expect(first).toMatch(/^server__a+_[0-9a-f]{8}$/);
    expect(toExposedName('server', long, '__')).toBe(first);
    expect(toExposedName('server', `${long}b`, '__')).not.toBe(first);
  });
});

describe('buildCatalog', () => {
  it('applies include and exclude globs to the server tool names', () => {
    const tools = [tool('read_file'), tool('read_secret'), tool('write_file')];
    const catalog = buildCatalog(
      [{ definition: definition('fs', { include: ['read_*'], exclude: ['*secret*'] }), catalog: catalogOf(tools) }],
      '__',
    );
    expect([...catalog.tools.keys()]).toEqual(['fs__read_file']);
  });

  it('resolves collisions deterministically and reports every claimant', () => {
    const entries = [
      { definition: definition('a', { prefix: 'x' }), catalog: catalogOf([tool('run')]) },
      { definition: definition('b', { prefix: 'x' }), catalog: catalogOf([tool('run')]) },
      { definition: definition('c', { prefix: 'x' }), catalog: catalogOf([tool('run')]) },
    ];
    const catalog = buildCatalog(entries, '__');
    expect(catalog.collisions).toHaveLength(1);
    const [collision] = catalog.collisions;
    expect(collision?.name).toBe('x__run');
    expect(collision?.claimants.map((claimant) => claimant.server)).toEqual(['a', 'b', 'c']);
    expect(collision?.claimants[0]?.exposedName).toBe('x__run');
    expect(new Set(catalog.tools.keys()).size).toBe(3);
    expect(catalog.tools.get('x__run')?.server).toBe('a');
    expect(buildCatalog(entries, '__').collisions).toEqual(catalog.collisions);
  });

  it('exposes template variables', () => {
    const catalog = buildCatalog(
      [
        {
          definition: definition('docs'),
          catalog: {
            ...catalogOf([]),
            resourceTemplates: [{ name: 'By path', uriTemplate: 'docs://{owner}/{+path}{?q,page}' }],
          },
        },
      ],
      '__',
    );
    expect(catalog.resourceTemplates.get('docs__By_path')?.variables).toEqual(['owner', 'path', 'q', 'page']);
  });
});

describe('tool search', () => {
  it('splits identifiers into words', () => {
    expect(tokenizeIdentifier('github__createIssue get-sum read_text_file')).toEqual([
      'github',
      'create',
      'issue',
      'get',
      'sum',
      'read',
      'text',
      'file',
    ]);
  });

  it('ranks by name, description and parameter names', () => {
    const catalog = buildCatalog(
      [
        {
          definition: definition('s'),
          catalog: catalogOf([
            tool('get-weather', 'Current weather for a city', { city: {} }),
            tool('send_email', 'Send a message', { recipient: {}, subject: {} }),
            tool('list_issues', 'List issues of a repository', { repository: {} }),
          ]),
        },
      ],
      '__',
    );
    const search = createToolSearch(catalog.tools.values());
    expect(search('weather in Paris')[0]?.tool.name).toBe('s__get-weather');
    expect(search('email subject recipient')[0]?.tool.name).toBe('s__send_email');
    expect(search('repository', { limit: 1 }).map((hit) => hit.tool.name)).toEqual(['s__list_issues']);
    expect(search('zebra')).toEqual([]);
  });
});

describe('createLineBuffer', () => {
  it('keeps the newest lines, joining chunks split mid-line', () => {
    const buffer = createLineBuffer(3);
    buffer.write('one\ntw');
    buffer.write('o\nthree\nfour\nfi');
    expect(buffer.lines()).toEqual(['three', 'four', 'fi']);
    expect(buffer.dropped).toBe(1);
  });
});
