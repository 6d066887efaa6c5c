import { centreOf, type TextRun } from './layout-types.ts';

/** @internal The part of a pdf.js annotation the link pass reads. */
export interface PdfAnnotation {
  subtype?: string;
  url?: string;
  rect?: number[];
}

/** Only web and mail links become Markdown links (no `javascript:` or `file:` targets). */
const SAFE = /^(?:https?|mailto):/i;

/** Splits `run` at character `at`, sharing its width by character count (pdf.js merges adjacent draws into one run). */
function split(run: TextRun, at: number): [TextRun, TextRun] {
  const cut = run.x0 + ((run.x1 - run.x0) * at) / Math.max(run.text.length, 1);
  return [
    { ...run, text: run.text.slice(0, at), x1: cut },
    { ...run, text: run.text.slice(at), x0: cut },
  ];
}

/** The index nearest `index` at a word boundary of `text`. */
function wordBoundary(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(text.length, index));
  let left = index;
  let right = index;
  while (left > 0 && !/\s/.test(text[left - 1] as string)) left--;
  while (right < text.length && !/\s/.test(text[right] as string)) right++;
  return index - left <= right - index ? left : right;
}

/**
 * @internal Runs with the parts that sit inside a link annotation marked with its URL, so that text comes out as a
 * Markdown link; a run only partly inside is split at the nearest word boundaries. `toPage` maps a PDF rectangle's two
 * corners to page space (through the page's viewport).
 */
export function attachLinks(
  runs: TextRun[],
  annotations: readonly PdfAnnotation[],
  toPage: (rect: number[]) => number[],
): TextRun[] {
  const links = annotations.flatMap((annotation) => {
    if (
      annotation.subtype !== 'Link' ||
      annotation.url === undefined ||
      !SAFE.test(annotation.url) ||
      annotation.rect === undefined
    )
      return [];
    const [ax = 0, ay = 0, bx = 0, by = 0] = toPage(annotation.rect);
    return [{ url: annotation.url, x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: Math.min(ay, by), y1: Math.max(ay, by) }];
  });
  if (links.length === 0) return runs;
  const result: TextRun[] = [];
  for (const run of runs) {
    const { y } = centreOf(run);
    const link = links.find((box) => y >= box.y0 && y <= box.y1 && box.x1 > run.x0 && box.x0 < run.x1);
    if (link === undefined) {
      result.push(run);
      continue;
    }
    const width = Math.max(run.x1 - run.x0, 0.01);
    const start = wordBoundary(run.text, Math.round(((link.x0 - run.x0) / width) * run.text.length));
    const end = wordBoundary(run.text, Math.round(((link.x1 - run.x0) / width) * run.text.length));
    if (end <= start) {
      result.push(run);
      continue;
    }
    const [before, rest] = split(run, start);
    const [inside, after] = split(rest, end - start);
    for (const part of [before, { ...inside, link: link.url }, after]) if (part.text.trim() !== '') result.push(part);
  }
  return result;
}
