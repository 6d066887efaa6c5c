/**
 * The benchmark report generator (bench/report/generate.ts) on a recorded sample of bench/results/, so
 * `npm run bench`'s last step cannot rot between the (manual) benchmark runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInputs, PLOT_FILE, renderMarkdown, verdict, writeReport } from '../bench/report/generate.ts';

const sample = fileURLToPath(new URL('../bench/report/sample-results/', import.meta.url));
const output = mkdtempSync(path.join(os.tmpdir(), 'mcpflow-bench-report-'));
afterAll(() => rmSync(output, { recursive: true, force: true }));

describe('benchmark report generator', () => {
  it('turns the sample results into RESULTS.md with machine, ratios, notes and the plot', () => {
    const written = writeReport(sample, output);
    expect(written.map((file) => path.basename(file))).toEqual(['RESULTS.md', PLOT_FILE]);
    const file = readFileSync(path.join(output, 'RESULTS.md'), 'utf8');
    // Tables are padded for the formatter; compare with runs of spaces collapsed.
    const markdown = file.replace(/ {2,}/g, ' ').replace(/\| -+:? /g, '| - ');
    expect(markdown).toContain('2 × Intel(R) Xeon(R) Processor · 23.4 GiB memory · Node v24.21.0');
    expect(markdown).toContain('load average 9.10 on 2 cores at start, 8.70 at the end');
    // 0.2 ms against 0.25 ms: ratio 0.80×, which for a latency is 1.25× better.
    expect(markdown).toContain('| stdio c=1 p50 latency | ms | 0.2 | @ai-sdk/mcp | 0.25 | 0.80× | 1.25× better |');
    expect(markdown).toContain(
      '| client | stdio c=32 throughput | 6,386 calls/s | @langchain/mcp-adapters 10,689 calls/s | 0.60× | 1.67× worse |',
    );
    expect(markdown).not.toMatch(/Headline[^#]*control/);
    // The control rows (two identical raw clients) give the run's noise floor: 0.221 ÷ 0.2.
    expect(markdown).toContain('measured 1.10×–1.10× in p50 latency');
    expect(markdown).toContain('- @langchain/mcp-adapters over http: not run — example reason');
    expect(markdown).toContain('| bench:cli | not run (script absent) | 0 s |');
    expect(markdown).toContain('| bench:docs:index | ok | 90 s |');
    // A benchmark without JSON (a script that predates the format) shows the end of its log.
    expect(markdown).toContain('workflow runs/s mcpflow 412');
    // Docs parsing: the all-files rate is in the headline, per-file rows only in its section; quality as notes.
    expect(markdown).toContain(
      '| docs | all files (2, 140 pages) parse rate | 120 pages/s | liteparse 200 pages/s | 0.60× | 1.67× worse |',
    );
    expect(markdown).not.toMatch(/Headline[^#]*R-intro/);
    expect(markdown).toContain('| R-intro.pdf (100 pages) | pages/s | 150 | liteparse | 160 | 0.94× | 1.07× worse |');
    expect(markdown).toContain('- quality, mcpflow: reading order 1.000');
    // The index benchmark's peer is the 10 ms target: said as a target, met or missed; ingest has no peer.
    expect(markdown).toContain('the "peer" column of each query row is the target from the issue');
    expect(markdown).toContain('| 15 ms | target ≤ 10 ms 10 ms | 1.50× | misses target by 1.50× |');
    expect(markdown).toContain('| ms | 2 | target ≤ 10 ms | 10 | 0.20× | meets target (5.00× margin) |');
    expect(markdown).toContain('| sqlite ingest | chunks/s | 5,000 | — | — | — | — |');
    expect(markdown).toContain(`![latency vs concurrency](${PLOT_FILE})`);

    // The committed bench/RESULTS.md must pass `npm run lint`: biome would leave the generated file as it is.
    const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
    const formatted = spawnSync(biome, ['format', '--stdin-file-path=RESULTS.md'], { input: file, encoding: 'utf8' });
    expect(formatted.status).toBe(0);
    expect(formatted.stdout).toBe(file);

    const svg = readFileSync(path.join(output, PLOT_FILE), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('client (stdio)');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).not.toContain('NaN');
  });

  it('states the direction of each ratio and refuses to divide by nothing', () => {
    const figure = (ours: number, peer: number, higherIsBetter: boolean) => ({
      figure: 'x',
      unit: 'u',
      ours: { name: 'mcpflow', value: ours },
      peer: { name: 'peer', value: peer },
      higherIsBetter,
    });
    expect(verdict(figure(200, 100, true))).toEqual({ ratio: '2.00×', verdict: '2.00× better' });
    expect(verdict(figure(200, 100, false))).toEqual({ ratio: '2.00×', verdict: '2.00× worse' });
    expect(verdict(figure(1, 0, false))).toEqual({ ratio: 'n/a', verdict: 'n/a' });
    expect(renderMarkdown({ run: undefined, results: [], logTails: {} })).toContain('# mcpflow benchmark results');
    expect(loadInputs(sample).results.map((result) => result.benchmark)).toEqual(['client', 'docs-index', 'docs']);
  });
});
