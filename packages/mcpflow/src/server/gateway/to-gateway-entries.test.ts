import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import type { HubCatalog } from '../../client/build-catalog.ts';
import { changedLists, toGatewayEntries } from './to-gateway-entries.ts';

function tool(server: string, name: string, inputSchema: Tool['inputSchema'] = { type: 'object' }) {
  const definition: Tool = { name, inputSchema };
  return [
    `${server}__${name}`,
    { name: `${server}__${name}`, server, serverToolName: name, description: undefined, inputSchema, definition },
  ] as const;
}

const catalog: HubCatalog = {
  tools: new Map([
    tool('a', 'good'),
    tool('a', 'broken', { type: 'object', properties: { x: { type: 'nonsense' } } } as never),
    tool('b', 'other'),
  ]),
  prompts: new Map([
    [
      'a__ask',
      {
        name: 'a__ask',
        server: 'a',
        serverPromptName: 'ask',
        definition: { name: 'ask', arguments: [{ name: 'q', required: true }] },
      },
    ],
  ]),
  resources: [
    { server: 'a', uri: 'file:///same', definition: { uri: 'file:///same', name: 'from a' } },
    { server: 'b', uri: 'file:///same', definition: { uri: 'file:///same', name: 'from b' } },
  ],
  resourceTemplates: new Map(),
  collisions: [],
};

const all = { servers: undefined, keep: () => true, nameOf: (name: string) => name };

describe('toGatewayEntries', () => {
  it('leaves out a tool whose schema cannot be compiled, and keeps the rest', () => {
    const names = toGatewayEntries(catalog, all).map((entry) => entry.key.replace('\u0000', ' '));
    expect(names).toEqual(['tool a__good', 'tool b__other', 'prompt a__ask', 'resource file:///same']);
  });

  it('serves a URI two servers list from the first, and filters by server, glob and name', () => {
    const [resource] = toGatewayEntries(catalog, all).filter((entry) => entry.kind === 'resource');
    expect(resource?.server).toBe('a');
    const onlyB = toGatewayEntries(catalog, { ...all, servers: new Set(['b']), nameOf: (name) => `gw__${name}` });
    expect(onlyB.map((entry) => ('name' in entry ? entry.name : entry.key))).toEqual([
      'gw__b__other',
      'resource\u0000file:///same',
    ]);
  });

  it('gives prompt arguments as strings with their requiredness', () => {
    const prompt = toGatewayEntries(catalog, all).find((entry) => entry.kind === 'prompt');
    expect(prompt?.kind === 'prompt' && prompt.argsSchema?.safeParse({}).success).toBe(false);
    expect(prompt?.kind === 'prompt' && prompt.argsSchema?.safeParse({ q: 'why' }).success).toBe(true);
  });

  it('names the lists that changed', () => {
    const before = toGatewayEntries(catalog, all);
    const fewer = toGatewayEntries({ ...catalog, tools: new Map([tool('a', 'good')]) }, all);
    expect(changedLists(before, fewer)).toEqual(['tools']);
    expect(changedLists(before, before)).toEqual([]);
  });
});
