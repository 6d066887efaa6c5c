import type { Citation } from './citations.ts';
import { escapePointer } from './citations.ts';

/**
 * @internal Merges what was extracted from successive parts of a long document: the first value found for a field
 * wins, arrays are concatenated (items already there are not repeated), objects merge member by member, and each
 * citation follows its value to its new place (citations of values that lost are dropped).
 */
export function mergeExtractions(parts: readonly { data: unknown; citations: readonly Citation[] }[]): {
  data: unknown;
  citations: Citation[];
} {
  let data: unknown;
  const citations: Citation[] = [];
  for (const part of parts) {
    const moves: [from: string, to: string][] = [];
    data = mergeValue(data, part.data, '', '', moves);
    for (const citation of part.citations) {
      const move = moves
        .filter(([from]) => citation.path === from || citation.path.startsWith(`${from}/`) || from === '')
        .sort((left, right) => right[0].length - left[0].length)[0];
      if (move !== undefined) citations.push({ ...citation, path: move[1] + citation.path.slice(move[0].length) });
    }
  }
  return { data, citations };
}

function mergeValue(
  target: unknown,
  source: unknown,
  targetPath: string,
  sourcePath: string,
  moves: [string, string][],
): unknown {
  if (source === null || source === undefined) return target;
  if (target === null || target === undefined) {
    moves.push([sourcePath, targetPath]);
    return source;
  }
  if (Array.isArray(target) && Array.isArray(source)) {
    const merged = [...target];
    const seen = new Set(target.map((item) => JSON.stringify(item)));
    for (const [index, item] of source.entries()) {
      if (seen.has(JSON.stringify(item))) continue;
      seen.add(JSON.stringify(item));
      moves.push([`${sourcePath}/${index}`, `${targetPath}/${merged.length}`]);
      merged.push(item);
    }
    return merged;
  }
  if (isObject(target) && isObject(source)) {
    const merged: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(source)) {
      const segment = escapePointer(key);
      merged[key] = mergeValue(merged[key], value, `${targetPath}/${segment}`, `${sourcePath}/${segment}`, moves);
    }
    return merged;
  }
  return target;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
