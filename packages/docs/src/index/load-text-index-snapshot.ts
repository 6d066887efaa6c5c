import type { DatabaseSync } from 'node:sqlite';
import { columnWeights } from './create-fts5-tokenizer.ts';
import type { TextIndexSnapshot } from './memory-text-index.ts';

/** Column weights by the character code of the column's initial, as the instance query below reports it. */
const weightByInitial = new Float64Array(128).fill(1);
for (const [column, weight] of Object.entries(columnWeights)) weightByInitial[column.charCodeAt(0)] = weight;

/**
 * @internal Reads what FTS5 holds of the chunks into a {@link TextIndexSnapshot}: its row and token counters (the
 * averages record), each row's size (`chunks_fts_docsize`) and every term's rows from an `fts5vocab` table of type
 * `instance`, grouped per term inside SQLite (the vocabulary table delivers terms in order, so no sort) and parsed
 * here. 100,000 chunks of ~125 tokens: about 2–3 s.
 */
export function loadTextIndexSnapshot(database: DatabaseSync, groupOf: (index: string) => number): TextIndexSnapshot {
  const averages = database.prepare('SELECT block FROM chunks_fts_data WHERE id = 1').get() as { block: Uint8Array } | undefined;
  let rowCount = 0;
  let totalLength = 0;
  if (averages !== undefined) {
    const counters = varints(averages.block);
    rowCount = counters[0] ?? 0;
    for (const total of counters.slice(1)) totalLength += total;
  }
  const sizes = database.prepare('SELECT id, sz FROM chunks_fts_docsize ORDER BY id').all() as {
    id: number;
    sz: Uint8Array;
  }[];
  const rowids = new Float64Array(sizes.length);
  const lengths = new Float64Array(sizes.length);
  for (const [slot, { id, sz }] of sizes.entries()) {
    rowids[slot] = Number(id);
    let length = 0;
    for (const size of varints(sz)) length += size;
    lengths[slot] = length;
  }
  const slots = slotLookup(rowids);
  const groups = new Int32Array(sizes.length).fill(-1);
  const chunks = database.prepare('SELECT rowid, index_name FROM chunks').iterate() as Iterable<{
    rowid: number;
    index_name: string;
  }>;
  for (const { rowid, index_name } of chunks) {
    const slot = slots(Number(rowid));
    if (slot >= 0) groups[slot] = groupOf(index_name);
  }
  database.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.mcpflow_chunk_instances USING fts5vocab(main, chunks_fts, instance)');
  const terms = database
    .prepare(`SELECT term, group_concat(doc || substr(col, 1, 1), ',') AS list FROM temp.mcpflow_chunk_instances GROUP BY term`)
    .iterate() as Iterable<{ term: string; list: string }>;
  return { rowids, groups, lengths, rowCount, totalLength, postings: parsePostings(terms, slots) };
}

/** Each term's `rowid` + column-initial list (one entry per token, rows in order) as postings by row position. */
function* parsePostings(
  terms: Iterable<{ term: string; list: string }>,
  slots: (rowid: number) => number,
): Generator<{ term: string; rows: Int32Array; weights: Float32Array }> {
  for (const { term, list } of terms) {
    let entries = 1;
    for (let at = 0; at < list.length; at += 1) if (list.charCodeAt(at) === 44) entries += 1;
    const rows = new Int32Array(entries);
    const weights = new Float32Array(entries);
    let count = 0;
    let lastRowid = -1;
    let kept = false;
    let rowid = 0;
    for (let at = 0; at < list.length; at += 1) {
      const code = list.charCodeAt(at);
      if (code >= 48 && code <= 57) {
        rowid = rowid * 10 + (code - 48);
        continue;
      }
      if (code === 44) continue;
      // A column initial ends the entry.
      const weight = weightByInitial[code & 127] as number;
      if (rowid !== lastRowid) {
        lastRowid = rowid;
        const slot = slots(rowid);
        kept = slot >= 0;
        if (kept) {
          rows[count] = slot;
          weights[count] = 0;
          count += 1;
        }
      }
      if (kept) weights[count - 1] = (weights[count - 1] as number) + weight;
      rowid = 0;
    }
    yield { term, rows: rows.slice(0, count), weights: weights.slice(0, count) };
  }
}

/**
 * Row position by rowid (−1 when absent): a table indexed by rowid while rowids are dense enough (SQLite hands out
 * max + 1, so they are, unless rows with high rowids were deleted en masse), else a map — 12 million lookups at
 * 100,000 chunks, so the table matters.
 */
function slotLookup(rowids: Float64Array): (rowid: number) => number {
  const highest = rowids.length === 0 ? 0 : (rowids[rowids.length - 1] as number);
  if (highest <= rowids.length * 16 + 65_536) {
    const table = new Int32Array(highest + 1).fill(-1);
    for (const [slot, rowid] of rowids.entries()) table[rowid] = slot;
    return (rowid) => (rowid >= 0 && rowid <= highest ? (table[rowid] as number) : -1);
  }
  const map = new Map<number, number>();
  for (const [slot, rowid] of rowids.entries()) map.set(rowid, slot);
  return (rowid) => map.get(rowid) ?? -1;
}

/** SQLite's varints (big-endian, 7 bits a byte, the 9th byte whole), as FTS5 writes its counters. */
function varints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    let value = 0;
    for (let read = 0; read < 9 && at < bytes.length; read += 1) {
      const byte = bytes[at] as number;
      at += 1;
      if (read === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    values.push(value);
  }
  return values;
}
