import { McpflowError } from 'mcpflow';

/** @internal One row of the full-text table as the memory index holds it. */
export interface TextIndexRow {
  rowid: number;
  /** The row's search index (a small number standing for its index name); only rows of one group are ranked together. */
  group: number;
  /** Tokens over all columns, weight-0 ones included: BM25's document length. */
  length: number;
  /** The row's distinct terms… */
  terms: readonly string[];
  /** …and for each, its occurrences times its columns' weights (0 when it occurs only in weight-0 columns). */
  weights: readonly number[];
}

/** @internal What {@link createMemoryTextIndex} starts from: rows, then each term's postings by row position. */
export interface TextIndexSnapshot {
  rowids: Float64Array;
  groups: Int32Array;
  lengths: Float64Array;
  /** Rows in the table, and their tokens in total — FTS5's own counters, which its idf and average length use. */
  rowCount: number;
  totalLength: number;
  /** Per term, the positions (into `rowids`) of the rows holding it, and the weighted count in each. */
  postings: Iterable<{ term: string; rows: Int32Array; weights: Float32Array }>;
}

/** @internal An in-memory BM25 index; see {@link createMemoryTextIndex}. */
export interface MemoryTextIndex {
  /** Rows held. */
  readonly size: number;
  /** Bytes held in typed arrays (postings and per-row data; the term dictionary aside). */
  readonly bytes: number;
  add(row: TextIndexRow): void;
  /** Removes a row; `terms` are its distinct terms, as given to `add` (or found in the table). */
  remove(rowid: number, terms: readonly string[], length: number): void;
  /**
   * The `limit` best rows of `group` for the terms (one per query phrase, duplicates counted twice, as FTS5 does),
   * best first and ties by rowid; only rows among `allowed` rowids when given.
   */
  search(terms: readonly string[], limit: number, group: number, allowed?: Iterable<number>): { rowid: number; score: number }[];
}

/** FTS5's bm25() constants (fts5_aux.c). */
const k1 = 1.2;
const b = 0.75;

/**
 * @internal FTS5's `bm25()` ranking, computed from postings held in memory instead of by scoring every matching row
 * in SQLite. Same formula and the same inputs, so the same scores: per phrase `idf · f·(k1+1) / (f + k1·(1 − b +
 * b·D/avgdl))` with `idf = ln((N − n + ½)/(n + ½))` (at least 1e-6), `f` the column-weighted count, `D` the row's
 * tokens over all columns, `avgdl` over all rows of the table (every search index in the file, as FTS5 counts them).
 * Postings are typed arrays (a row position and a weight, 8 bytes each); removed rows are skipped until they are
 * half the postings, then compacted away.
 */
export function createMemoryTextIndex(snapshot: TextIndexSnapshot): MemoryTextIndex {
  let capacity = Math.max(1024, snapshot.rowids.length);
  let rowids = new Float64Array(capacity);
  let groups = new Int32Array(capacity);
  let lengths = new Float64Array(capacity);
  let live = new Uint8Array(capacity);
  rowids.set(snapshot.rowids);
  groups.set(snapshot.groups);
  lengths.set(snapshot.lengths);
  let used = snapshot.rowids.length;
  live.fill(1, 0, used);
  const slots = new Map<number, number>();
  for (let slot = 0; slot < used; slot += 1) slots.set(rowids[slot] as number, slot);
  let rowCount = snapshot.rowCount;
  let totalLength = snapshot.totalLength;
  const termIds = new Map<string, number>();
  const postingRows: Int32Array[] = [];
  const postingWeights: Float32Array[] = [];
  const postingCounts: number[] = [];
  /** Live rows per term: the `n` of idf. */
  const documentFrequencies: number[] = [];
  let storedPostings = 0;
  let deadPostings = 0;
  for (const { term, rows, weights } of snapshot.postings) {
    termIds.set(term, postingRows.length);
    postingRows.push(rows);
    postingWeights.push(weights);
    postingCounts.push(rows.length);
    documentFrequencies.push(rows.length);
    storedPostings += rows.length;
  }
  // Reused between searches: per-row accumulators would otherwise be 100,000-entry garbage every query.
  let scores = new Float64Array(capacity);
  let touched = new Uint8Array(capacity);
  let allowedMarks = new Uint8Array(capacity);

  const grow = () => {
    capacity *= 2;
    const copy = <T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T) => {
      to.set(from);
      return to;
    };
    rowids = copy(rowids, new Float64Array(capacity));
    groups = copy(groups, new Int32Array(capacity));
    lengths = copy(lengths, new Float64Array(capacity));
    live = copy(live, new Uint8Array(capacity));
    scores = new Float64Array(capacity);
    touched = new Uint8Array(capacity);
    allowedMarks = new Uint8Array(capacity);
  };
  /** Drops removed rows and their postings, renumbering the live rows in order. */
  const compact = () => {
    const renumbered = new Int32Array(used).fill(-1);
    let to = 0;
    for (let from = 0; from < used; from += 1) {
      if (live[from] === 0) continue;
      renumbered[from] = to;
      rowids[to] = rowids[from] as number;
      groups[to] = groups[from] as number;
      lengths[to] = lengths[from] as number;
      slots.set(rowids[to] as number, to);
      to += 1;
    }
    live.fill(1, 0, to);
    live.fill(0, to, used);
    used = to;
    storedPostings = 0;
    for (let term = 0; term < postingRows.length; term += 1) {
      const rows = postingRows[term] as Int32Array;
      const weights = postingWeights[term] as Float32Array;
      let kept = 0;
      for (let at = 0; at < (postingCounts[term] as number); at += 1) {
        const slot = renumbered[rows[at] as number] as number;
        if (slot < 0) continue;
        rows[kept] = slot;
        weights[kept] = weights[at] as number;
        kept += 1;
      }
      postingCounts[term] = kept;
      storedPostings += kept;
    }
    deadPostings = 0;
  };
  const append = (term: string, slot: number, weight: number) => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = postingRows.length;
      termIds.set(term, id);
      postingRows.push(new Int32Array(4));
      postingWeights.push(new Float32Array(4));
      postingCounts.push(0);
      documentFrequencies.push(0);
    }
    let rows = postingRows[id] as Int32Array;
    const count = postingCounts[id] as number;
    if (count === rows.length) {
      const larger = new Int32Array(Math.max(4, rows.length * 2));
      larger.set(rows);
      postingRows[id] = rows = larger;
      const weights = new Float32Array(larger.length);
      weights.set(postingWeights[id] as Float32Array);
      postingWeights[id] = weights;
    }
    rows[count] = slot;
    (postingWeights[id] as Float32Array)[count] = weight;
    postingCounts[id] = count + 1;
    documentFrequencies[id] = (documentFrequencies[id] as number) + 1;
    storedPostings += 1;
  };
  const index: MemoryTextIndex = {
    get size() {
      return slots.size;
    },
    get bytes() {
      let postingBytes = 0;
      for (const rows of postingRows) postingBytes += rows.byteLength * 2;
      return postingBytes + capacity * (8 + 4 + 8 + 1 + 8 + 1 + 1);
    },
    add(row) {
      if (slots.has(row.rowid)) throw new McpflowError('INTERNAL', `rowid ${row.rowid} is in the text index already`);
      if (used === capacity) {
        if (slots.size < used / 2) compact();
        if (used === capacity) grow();
      }
      const slot = used;
      used += 1;
      rowids[slot] = row.rowid;
      groups[slot] = row.group;
      lengths[slot] = row.length;
      live[slot] = 1;
      slots.set(row.rowid, slot);
      for (const [position, term] of row.terms.entries()) append(term, slot, row.weights[position] as number);
      rowCount += 1;
      totalLength += row.length;
    },
    remove(rowid, terms, length) {
      const slot = slots.get(rowid);
      if (slot === undefined) return;
      live[slot] = 0;
      slots.delete(rowid);
      for (const term of terms) {
        const id = termIds.get(term);
        if (id !== undefined) documentFrequencies[id] = (documentFrequencies[id] as number) - 1;
      }
      deadPostings += terms.length;
      rowCount -= 1;
      totalLength -= length;
      if (deadPostings > 4096 && deadPostings * 2 > storedPostings) compact();
    },
    search(terms, limit, group, allowed) {
      if (rowCount <= 0 || limit <= 0) return [];
      const average = totalLength / rowCount;
      let restricted = false;
      if (allowed !== undefined) {
        restricted = true;
        for (const rowid of allowed) {
          const slot = slots.get(rowid);
          if (slot !== undefined) allowedMarks[slot] = 1;
        }
      }
      const matched: number[] = [];
      for (const term of terms) {
        const id = termIds.get(term);
        if (id === undefined) continue;
        const frequency = documentFrequencies[id] as number;
        let idf = Math.log((rowCount - frequency + 0.5) / (frequency + 0.5));
        if (idf <= 0) idf = 1e-6;
        const rows = postingRows[id] as Int32Array;
        const weights = postingWeights[id] as Float32Array;
        const count = postingCounts[id] as number;
        for (let at = 0; at < count; at += 1) {
          const slot = rows[at] as number;
          if (live[slot] === 0 || groups[slot] !== group || (restricted && allowedMarks[slot] === 0)) continue;
          const weight = weights[at] as number;
          // The operations in fts5_aux.c's order, so the floating-point result is the same.
          const part = idf * ((weight * (k1 + 1.0)) / (weight + k1 * (1 - b + (b * (lengths[slot] as number)) / average)));
          if (touched[slot] === 0) {
            touched[slot] = 1;
            scores[slot] = 0;
            matched.push(slot);
          }
          scores[slot] = (scores[slot] as number) + part;
        }
      }
      if (restricted) allowedMarks.fill(0, 0, used);
      // The best `limit` as a sorted list: limit is small and, after the first few, most rows fall below its end.
      const best: number[] = [];
      const better = (left: number, right: number) =>
        (scores[left] as number) > (scores[right] as number) ||
        (scores[left] === scores[right] && (rowids[left] as number) < (rowids[right] as number));
      for (const slot of matched) {
        touched[slot] = 0;
        if (best.length === limit && !better(slot, best[limit - 1] as number)) continue;
        let position = best.length;
        while (position > 0 && better(slot, best[position - 1] as number)) position -= 1;
        best.splice(position, 0, slot);
        if (best.length > limit) best.pop();
      }
      return best.map((slot) => ({ rowid: rowids[slot] as number, score: scores[slot] as number }));
    },
  };
  return index;
}
