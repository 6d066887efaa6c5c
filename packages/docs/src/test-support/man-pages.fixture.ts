import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One known-item pair: a man page's NAME description as the query, the rest of the page as the target document. */
export interface KnownItem {
  id: string;
  query: string;
  markdown: string;
}

const manDirectory = '/usr/share/man/man1';

/**
 * Builds a known-item set from the installed section-1 man pages (deterministic order): roff is reduced to Markdown
 * with the sections as headings, the NAME section becomes the query and is removed from the document, and only pages
 * with a unique description and 500–20,000 characters of body are kept.
 */
export function loadManPages(limit: number): KnownItem[] {
  let files: string[];
  try {
    files = readdirSync(manDirectory)
      .filter((file) => file.endsWith('.gz'))
      .sort();
  } catch {
    return [];
  }
  const items: KnownItem[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (items.length >= limit) break;
    let roff: string;
    try {
      roff = gunzipSync(readFileSync(join(manDirectory, file))).toString('utf8');
    } catch {
      continue;
    }
    if (roff.startsWith('.so ')) continue; // an alias page
    const page = toMarkdown(roff);
    if (page === undefined || seen.has(page.description) || page.body.length < 500 || page.body.length > 20_000) continue;
    seen.add(page.description);
    items.push({ id: file.replace(/\.gz$/, ''), query: page.description, markdown: page.body });
  }
  return items;
}

function toMarkdown(roff: string): { description: string; body: string } | undefined {
  const sections: { title: string; lines: string[] }[] = [];
  for (const rawLine of roff.split('\n')) {
    const line = rawLine
      .replace(/\\f[BIRP]|\\f\(..|\\s[-+]?\d+|\\&|\\e/g, '')
      .replace(/\\-/g, '-')
      .replace(/\\\(.{2}/g, ' ')
      .replace(/\\\*.|\\"/g, '');
    const heading = /^\.S[HS]\s+"?([^"]+)"?/.exec(line);
    if (heading !== null) {
      sections.push({ title: (heading[1] as string).trim(), lines: [] });
      continue;
    }
    if (line.startsWith('.\\"') || line.startsWith('\'\\"')) continue;
    const macro = /^\.(?:B|I|BR|RB|BI|IB|IR|RI|SM|SB)\s+(.*)$/.exec(line);
    const text =
      macro !== null ? (macro[1] as string).replace(/"/g, '') : line.startsWith('.') || line.startsWith("'") ? '' : line;
    sections.at(-1)?.lines.push(text);
  }
  const name = sections.find((section) => section.title.toUpperCase() === 'NAME');
  const description = name?.lines
    .join(' ')
    .split(/\s+-+\s+/)
    .slice(1)
    .join(' - ')
    .trim();
  if (description === undefined || description.length < 8) return undefined;
  const body = sections
    .filter((section) => section !== name)
    .map(
      (section) =>
        `## ${section.title}\n\n${section.lines
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim()}`,
    )
    .join('\n\n');
  return { description, body };
}
