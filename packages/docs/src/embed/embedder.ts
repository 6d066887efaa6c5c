/**
 * Turns texts into vectors for semantic search. Vectors must all have `dimensions` entries; stores L2-normalise them,
 * so any scale is fine. `id` names the model and its settings: a store refuses to mix vectors of two embedders.
 */
export interface Embedder {
  /** Names the model and its settings, e.g. `openai:text-embedding-3-small@512` (stored with the vectors). */
  readonly id: string;
  readonly dimensions: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** @internal Scales a vector to unit length in place (zero vectors stay zero) and returns it. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] as number) * scale;
  return vector;
}
