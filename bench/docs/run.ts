/**
 * Document services benchmarks: `npm run bench:docs` (`-- --quick` for one round).
 *
 * Parse: PDF pages/s of @mcpflow/docs's parser against raw pdf.js text extraction and @llamaindex/liteparse, side
 * by side on the same files, with reading-order and table-cell quality on generated fixtures. Each part is its own
 * module; ingest and query parts add themselves here. Writes bench/results/docs.json for `npm run bench`'s report.
 */
import os from 'node:os';
import { benchParse } from './parse.ts';
import { writeParseResults } from './parse-results.ts';

const quick = process.argv.includes('--quick');
const cpus = os.cpus();
console.log(
  `@mcpflow/docs benchmarks · ${new Date().toISOString()} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}`,
);
console.log(
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} (the machine is shared: compare ratios, not absolutes)\n`,
);
const rounds = quick ? 1 : 3;
const parse = await benchParse(rounds);
for (const line of parse.lines) console.log(line);
writeParseResults(parse, rounds);
