/** @internal Options for {@link createBinaryVectorIndex}. */
export interface BinaryVectorIndexOptions {
  dimensions: number;
  /** The vectors to start with; their mean becomes the quantisation centre. */
  entries: Iterable<{ rowid: number; vector: Float32Array }>;
}

/** @internal An in-memory approximate nearest-neighbour index; see {@link createBinaryVectorIndex}. */
export interface BinaryVectorIndex {
  readonly size: number;
  add(rowid: number, vector: Float32Array): void;
  remove(rowid: number): void;
  /**
   * The `limit` nearest by cosine among the `candidates` best by the sign-bit estimate (all of them, and so exact, when `candidates` ≥ size). Distances are cosine distances, `1 − cos`.
   */
  nearest(query: Float32Array, limit: number, candidates: number): { rowid: number; distance: number }[];
  /** The `limit` nearest by exact cosine among the given rowids (a filter's matches); unknown rowids are skipped. */
  nearestAmong(query: Float32Array, rowids: Iterable<number>, limit: number): { rowid: number; distance: number }[];
}

/**
 * @internal Binary quantisation with exact rescoring: each vector is kept as 1 bit per dimension (the sign of its
 * offset from the mean of the vectors it was built from — centring keeps the bits informative when the vectors share
 * a common direction, as model embeddings do) and as floats. A search scans the bits (32 times less data than the
 * floats, one table lookup per byte), takes the best thousand or so by estimated similarity and orders those by
 * exact cosine.
 * Memory: `4 · d + d / 8` bytes per vector (100,000 × 256-d: 106 MB).
 */
export function createBinaryVectorIndex(options: BinaryVectorIndexOptions): BinaryVectorIndex {
  const { dimensions } = options;
  const bytesPerVector = Math.ceil(dimensions / 8);
  const wordWise = bytesPerVector % 4 === 0 && new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  const initial = [...options.entries];
  const centre = new Float32Array(dimensions);
  for (const { vector } of initial) {
    for (let at = 0; at < dimensions; at += 1) centre[at] = (centre[at] as number) + (vector[at] as number) / initial.length;
  }
  let capacity = Math.max(1024, initial.length);
  let codes = new Uint8Array(capacity * bytesPerVector);
  let floats = new Float32Array(capacity * dimensions);
  let inverseNorms = new Float32Array(capacity);
  let rowids = new Float64Array(capacity);
  let live = new Uint8Array(capacity);
  let used = 0;
  let size = 0;
  const slots = new Map<number, number>();
  // Reused between searches: a 100,000-entry array per query is garbage the collector would have to chase.
  let estimates = new Float32Array(0);

  const encode = (vector: Float32Array, offset: number) => {
    codes.fill(0, offset, offset + bytesPerVector);
    for (let at = 0; at < dimensions; at += 1) {
      if ((vector[at] as number) > (centre[at] as number))
        codes[offset + (at >>> 3)] = (codes[offset + (at >>> 3)] as number) | (1 << (at & 7));
    }
  };
  const grow = () => {
    capacity *= 2;
    const copy = <T extends Uint32Array | Float32Array | Float64Array | Uint8Array>(from: T, to: T) => {
      to.set(from);
      return to;
    };
    codes = copy(codes, new Uint8Array(capacity * bytesPerVector));
    floats = copy(floats, new Float32Array(capacity * dimensions));
    inverseNorms = copy(inverseNorms, new Float32Array(capacity));
    rowids = copy(rowids, new Float64Array(capacity));
    live = copy(live, new Uint8Array(capacity));
  };
  /** Drops the slots of removed vectors (re-indexed documents leave them behind), in place. */
  const compact = () => {
    let to = 0;
    for (let from = 0; from < used; from += 1) {
      if (live[from] === 0) continue;
      if (to !== from) {
        codes.copyWithin(to * bytesPerVector, from * bytesPerVector, (from + 1) * bytesPerVector);
        floats.copyWithin(to * dimensions, from * dimensions, (from + 1) * dimensions);
        inverseNorms[to] = inverseNorms[from] as number;
        rowids[to] = rowids[from] as number;
        live[to] = 1;
        slots.set(rowids[to] as number, to);
      }
      to += 1;
    }
    live.fill(0, to, used);
    used = to;
  };
  const index: BinaryVectorIndex = {
    get size() {
      return size;
    },
    add(rowid, vector) {
      index.remove(rowid);
      if (used === capacity) {
        if (size < used / 2) compact();
        else grow();
      }
      const slot = used;
      used += 1;
      encode(vector, slot * bytesPerVector);
      floats.set(vector.subarray(0, dimensions), slot * dimensions);
      let norm = 0;
      for (let at = 0; at < dimensions; at += 1) norm += (vector[at] as number) ** 2;
      inverseNorms[slot] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      rowids[slot] = rowid;
      live[slot] = 1;
      slots.set(rowid, slot);
      size += 1;
    },
    remove(rowid) {
      const slot = slots.get(rowid);
      if (slot === undefined) return;
      live[slot] = 0;
      slots.delete(rowid);
      size -= 1;
    },
    nearest(query, limit, candidates) {
      const exact = candidates >= size;
      const chosen = exact ? liveSlots() : estimatedCandidates(query, candidates);
      return rescore(query, chosen, limit);
    },
    nearestAmong(query, among, limit) {
      const chosen: number[] = [];
      for (const rowid of among) {
        const slot = slots.get(rowid);
        if (slot !== undefined) chosen.push(slot);
      }
      return rescore(query, chosen, limit);
    },
  };
  const liveSlots = () => {
    const chosen: number[] = [];
    for (let slot = 0; slot < used; slot += 1) if (live[slot] === 1) chosen.push(slot);
    return chosen;
  };
  /**
   * The `wanted` live slots with the highest estimated similarity, `Σ qᵢ · ±1` over each vector's sign bits — the
   * query stays in floats (asymmetric), so its zero or small dimensions add nothing instead of a coin-flip bit, which
   * matters for short, sparse queries. Per byte of code, a 256-entry table of the query's partial sums makes that
   * `d / 8` lookups a vector. Ties at the cut are kept, so there may be a few more.
   */
  const estimatedCandidates = (query: Float32Array, wanted: number) => {
    const groups = bytesPerVector;
    const table = new Float32Array(groups * 256);
    for (let group = 0; group < groups; group += 1) {
      let base = 0;
      for (let bit = 0; bit < 8; bit += 1) base -= (query[group * 8 + bit] as number | undefined) ?? 0;
      table[group * 256] = base;
      for (let byte = 1; byte < 256; byte += 1) {
        const lowest = 31 - Math.clz32(byte & -byte);
        const weight = (query[group * 8 + lowest] as number | undefined) ?? 0;
        table[group * 256 + byte] = (table[group * 256 + (byte & (byte - 1))] as number) + 2 * weight;
      }
    }
    if (estimates.length < used) estimates = new Float32Array(capacity);
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    // Four code bytes per read where the layout allows (little-endian, d a multiple of 32): ~1.5× faster.
    const words = wordWise ? groups >>> 2 : 0;
    const codeWords = wordWise ? new Uint32Array(codes.buffer, 0, used * words) : undefined;
    for (let slot = 0; slot < used; slot += 1) {
      if (live[slot] === 0) continue;
      let estimate = 0;
      if (codeWords !== undefined) {
        for (let word = 0, offset = slot * words; word < words; word += 1) {
          const value = codeWords[offset + word] as number;
          const base = word << 10;
          estimate +=
            (table[base + (value & 255)] as number) +
            (table[base + 256 + ((value >>> 8) & 255)] as number) +
            (table[base + 512 + ((value >>> 16) & 255)] as number) +
            (table[base + 768 + (value >>> 24)] as number);
        }
      } else {
        for (let group = 0, offset = slot * groups; group < groups; group += 1)
          estimate += table[group * 256 + (codes[offset + group] as number)] as number;
      }
      estimates[slot] = estimate;
      if (estimate < low) low = estimate;
      if (estimate > high) high = estimate;
    }
    // The cut from a histogram of the estimates: two linear passes instead of a sort.
    const bins = 2048;
    const histogram = new Uint32Array(bins);
    const scale = high > low ? (bins - 1) / (high - low) : 0;
    for (let slot = 0; slot < used; slot += 1) {
      if (live[slot] === 1) {
        const bin = Math.floor(((estimates[slot] as number) - low) * scale);
        histogram[bin] = (histogram[bin] as number) + 1;
      }
    }
    let cut = bins - 1;
    for (let total = 0; cut > 0; cut -= 1) {
      total += histogram[cut] as number;
      if (total >= wanted) break;
    }
    const chosen: number[] = [];
    for (let slot = 0; slot < used; slot += 1) {
      if (live[slot] === 1 && Math.floor(((estimates[slot] as number) - low) * scale) >= cut) chosen.push(slot);
    }
    return chosen;
  };
  const rescore = (query: Float32Array, chosen: number[], limit: number) => {
    let norm = 0;
    for (let at = 0; at < dimensions; at += 1) norm += (query[at] as number) ** 2;
    const inverseQuery = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    // A sorted list of the best `limit` so far: limit is small (≤ a few hundred), inserts are rare after the start.
    const best: { slot: number; similarity: number }[] = [];
    // Four partial sums: independent additions the CPU can overlap (~1.2–1.4× against one running sum).
    const whole = dimensions - (dimensions % 4);
    for (const slot of chosen) {
      const offset = slot * dimensions;
      let first = 0;
      let second = 0;
      let third = 0;
      let fourth = 0;
      for (let at = 0; at < whole; at += 4) {
        first += (query[at] as number) * (floats[offset + at] as number);
        second += (query[at + 1] as number) * (floats[offset + at + 1] as number);
        third += (query[at + 2] as number) * (floats[offset + at + 2] as number);
        fourth += (query[at + 3] as number) * (floats[offset + at + 3] as number);
      }
      for (let at = whole; at < dimensions; at += 1) first += (query[at] as number) * (floats[offset + at] as number);
      const similarity = (first + second + third + fourth) * inverseQuery * (inverseNorms[slot] as number);
      if (best.length === limit && similarity <= (best[limit - 1] as { similarity: number }).similarity) continue;
      let position = best.length;
      while (position > 0 && (best[position - 1] as { similarity: number }).similarity < similarity) position -= 1;
      best.splice(position, 0, { slot, similarity });
      if (best.length > limit) best.pop();
    }
    return best.map(({ slot, similarity }) => ({ rowid: rowids[slot] as number, distance: 1 - similarity }));
  };
  for (const { rowid, vector } of initial) index.add(rowid, vector);
  return index;
}
