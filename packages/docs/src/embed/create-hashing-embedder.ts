import { McpflowError } from 'mcpflow';
import { type Embedder, normalize } from './embedder.ts';

/** Options for {@link createHashingEmbedder}. */
export interface HashingEmbedderOptions {
  /** Vector size. @default 256 */
  dimensions?: number;
}

/**
 * A deterministic embedder with no model: signed feature hashing of lower-cased words, word bigrams and character
 * 3–5-grams, L2-normalised. It captures spelling overlap (inflections, compounds, typos), not meaning — use it for
 * tests and offline CI, and a real model (see {@link createAiSdkEmbedder}) for retrieval quality.
 *
 * @example
 * ```ts
 * const embedder = createHashingEmbedder({ dimensions: 256 })
 * const [vector] = await embedder.embed(['rotate log files'])
 * ```
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 256;
  if (!Number.isInteger(dimensions) || dimensions < 8)
    throw new McpflowError('CONFIG_INVALID', `dimensions must be an integer ≥ 8, not ${dimensions}`);
  return {
    id: `hashing-v1@${dimensions}`,
    dimensions,
    async embed(texts) {
      return texts.map((text) => embedOne(text, dimensions));
    },
  };
}

function embedOne(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    vector[hash % dimensions] = (vector[hash % dimensions] as number) + (hash & 0x80000000 ? -weight : weight);
  };
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  for (const [position, word] of words.entries()) {
    add(`w:${word}`, 1);
    if (position > 0) add(`b:${words[position - 1]} ${word}`, 0.5);
    const padded = `<${word}>`;
    for (let size = 3; size <= 5; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1) add(padded.slice(start, start + size), 0.25);
    }
  }
  return normalize(vector);
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
