import { groupRows } from './group-fragments.ts';
import type { Fragment } from './layout-types.ts';

/** The bands at the top and bottom of a page (fractions of its height) where running headers and footers live. */
const BAND = 0.12;
/** How far (points) a repeated line may move between pages and still be the same header or footer. */
const DRIFT = 6;

/** A bare page number: "7", "- 7 -", "Page 7", "7 / 12", "Page 7 of 12", "vii". */
const PAGE_NUMBER = /^(?:page\s*)?[-–—\s]*(?:\d{1,5}|[ivxlcdm]{1,7})(?:\s*(?:\/|of)\s*\d{1,5})?[-–—\s]*$/i;

/** @internal One page's fragments, and the page's height (points). */
export interface PageFragments {
  fragments: Fragment[];
  height: number;
}

/** Text with numbers blanked, so "Page 3" on one page is "Page 4" on the next. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

function inBand(fragment: Fragment, height: number): boolean {
  return fragment.y1 < height * BAND || fragment.y0 > height * (1 - BAND);
}

/**
 * @internal Removes running headers and footers: fragments in the top or bottom band whose text (numbers blanked)
 * recurs at about the same height on several pages (half of a short document's, three of a long one's: running heads
 * change with the chapter), and bare page numbers in those
 * bands. Mutates nothing; returns the pages' remaining fragments and how many were removed.
 */
export function removePageFurniture(pages: readonly PageFragments[]): { pages: Fragment[][]; removed: number } {
  const seen = new Map<string, Set<number>>();
  const keyOf = (fragment: Fragment) => `${normalise(fragment.text)}@${Math.round(fragment.baseline / DRIFT)}`;
  for (const [index, page] of pages.entries()) {
    for (const fragment of page.fragments) {
      if (!inBand(fragment, page.height)) continue;
      // Count a key on its neighbouring height buckets too, so a line that drifts across a bucket edge still matches.
      const text = normalise(fragment.text);
      const bucket = Math.round(fragment.baseline / DRIFT);
      for (const near of [bucket - 1, bucket, bucket + 1]) {
        const key = `${text}@${near}`;
        seen.set(key, (seen.get(key) ?? new Set()).add(index));
      }
    }
  }
  // Half the pages of a short document; three pages of a long one, where running heads change by chapter.
  const threshold = Math.min(3, Math.max(2, Math.ceil(pages.length / 2)));
  let removed = 0;
  const kept = pages.map((page) => {
    const heads = runningHeadRows(page);
    return page.fragments.filter((fragment) => {
      if (!inBand(fragment, page.height)) return true;
      const repeated = pages.length >= 2 && (seen.get(keyOf(fragment))?.size ?? 0) >= threshold;
      const furniture = repeated || heads.has(fragment) || PAGE_NUMBER.test(fragment.text.trim());
      if (furniture) removed += 1;
      return !furniture;
    });
  });
  return { pages: kept, removed };
}

/**
 * Rows of the bands that are a page number beside one other piece of text: a running head or foot such as
 * "Chapter 2: Parsing ... 7", even one that appears on a single page.
 */
function runningHeadRows(page: PageFragments): Set<Fragment> {
  const heads = new Set<Fragment>();
  for (const row of groupRows(page.fragments.filter((fragment) => inBand(fragment, page.height)))) {
    if (row.length !== 2) continue;
    const [left, right] = row as [Fragment, Fragment];
    const numbered = PAGE_NUMBER.test(left.text.trim()) !== PAGE_NUMBER.test(right.text.trim());
    const title = PAGE_NUMBER.test(left.text.trim()) ? right : left;
    if (numbered && title.text.split(/\s+/).length <= 12) {
      heads.add(left);
      heads.add(right);
    }
  }
  return heads;
}
