import type { Client } from '@modelcontextprotocol/client';
import { type Skill, type SkillFile, SkillsClient, SkillVerificationError } from '@modelcontextprotocol/client/ext/skills';
import { McpflowError } from '../errors/mcpflow-error.ts';

/** A skill (SEP-2640 extension) offered by one server of the hub. */
export interface HubSkill {
  server: string;
  /** The server's entry: `SKILL.md` URI, frontmatter, and the files with their sizes and digests. */
  skill: Skill;
}

/**
 * Lists a server's skills through the SDK's `SkillsClient`; a server without the extension has none. Only the
 * listing is fetched: no file is read before the host asks for it (SEP-2640 forbids prefetching).
 */
export async function listServerSkills(server: string, client: Client): Promise<HubSkill[]> {
  const skills = new SkillsClient(client);
  if (!skills.supported) return [];
  return (await skills.list()).skills.map((skill) => ({ server, skill }));
}

/**
 * Reads one file of a skill (`ref` relative to the skill's root; default its `SKILL.md`) and verifies it against
 * the server's entry. A file that is unlisted, or whose size, digest or frontmatter differ, is never returned: it
 * rejects with `PROTOCOL_ERROR` (`data.reason` says which check failed).
 */
export async function readServerSkill(client: Client, hubSkill: HubSkill, ref?: string): Promise<SkillFile> {
  try {
    return await new SkillsClient(client).read(hubSkill.skill, ref);
  } catch (error) {
    if (!(error instanceof SkillVerificationError)) throw error;
    throw new McpflowError(
      'PROTOCOL_ERROR',
      `Server "${hubSkill.server}": skill file ${error.uri} failed verification: ${error.message}`,
      {
        cause: error,
        data: { server: hubSkill.server, uri: error.uri, reason: error.reason },
      },
    );
  }
}
