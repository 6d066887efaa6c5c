/**
 * The latency-vs-concurrency plot of bench/RESULTS.md as plain SVG, written from the series the benchmarks
 * record: one panel per transport or era, log-scaled axes, mcpflow drawn thicker. No plotting dependency: the
 * chart is a few polylines, and hand-written SVG keeps `npm run bench` free of native or browser dependencies.
 */
import type { Series } from './results-file.ts';

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 58, right: 16, top: 34, bottom: 44 };
const LEGEND_HEIGHT = 18;
const COLUMNS = 2;
const OURS_COLOUR = '#d62728';
const peerPalette = ['#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const isOurs = (name: string) => name.startsWith('mcpflow');
const round = (value: number) => Math.round(value * 10) / 10;

/** Powers of ten (and 2×, 5× between them) covering [low, high], for the log-scaled latency axis. */
function latencyTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const step of [1, 2, 5]) {
      const value = step * 10 ** exponent;
      if (value >= low / 1.0001 && value <= high * 1.0001) ticks.push(value);
    }
  }
  return ticks;
}

const tickLabel = (value: number) => (value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(1))));

/** One panel: its series, a fixed colour per series name across panels. */
function renderPanel(title: string, series: readonly Series[], colours: Map<string, string>, x0: number, y0: number): string {
  const points = series.flatMap((line) => line.points).filter((point) => point.latencyMs > 0 && Number.isFinite(point.latencyMs));
  if (points.length === 0) return '';
  const concurrencies = [...new Set(points.map((point) => point.concurrency))].sort((a, b) => a - b);
  const [cMin, cMax] = [concurrencies[0] as number, concurrencies.at(-1) as number];
  const latencies = points.map((point) => point.latencyMs);
  const [lMin, lMax] = [
    10 ** Math.floor(Math.log10(Math.min(...latencies))),
    10 ** Math.ceil(Math.log10(Math.max(...latencies))),
  ];
  const legendRows = Math.ceil(series.length / 2);
  const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom - legendRows * LEGEND_HEIGHT;
  const x = (concurrency: number) =>
    x0 + MARGIN.left + (cMax === cMin ? 0 : (Math.log2(concurrency / cMin) / Math.log2(cMax / cMin)) * plotWidth);
  const y = (latency: number) =>
    y0 + MARGIN.top + plotHeight - (Math.log10(latency / lMin) / Math.log10(lMax / lMin)) * plotHeight;
  const parts: string[] = [
    `<text x="${x0 + PANEL_WIDTH / 2}" y="${y0 + 20}" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const tick of latencyTicks(lMin, lMax)) {
    parts.push(
      `<line x1="${x0 + MARGIN.left}" x2="${x0 + MARGIN.left + plotWidth}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#e5e5e5"/>`,
      `<text x="${x0 + MARGIN.left - 6}" y="${round(y(tick)) + 4}" text-anchor="end">${tickLabel(tick)}</text>`,
    );
  }
  for (const concurrency of concurrencies) {
    parts.push(
      `<line x1="${round(x(concurrency))}" x2="${round(x(concurrency))}" y1="${y0 + MARGIN.top}" y2="${y0 + MARGIN.top + plotHeight}" stroke="#e5e5e5"/>`,
      `<text x="${round(x(concurrency))}" y="${y0 + MARGIN.top + plotHeight + 16}" text-anchor="middle">${concurrency}</text>`,
    );
  }
  parts.push(
    `<rect x="${x0 + MARGIN.left}" y="${y0 + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
    `<text x="${x0 + MARGIN.left + plotWidth / 2}" y="${y0 + MARGIN.top + plotHeight + 32}" text-anchor="middle">concurrency (calls or connections in flight)</text>`,
    `<text transform="translate(${x0 + 16} ${y0 + MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">latency ms (log)</text>`,
  );
  for (const [index, line] of series.entries()) {
    const colour = colours.get(line.name) ?? '#000';
    const width = isOurs(line.name) ? 3 : 1.5;
    const valid = line.points.filter((point) => point.latencyMs > 0 && Number.isFinite(point.latencyMs));
    const coordinates = valid.map((point) => `${round(x(point.concurrency))},${round(y(point.latencyMs))}`).join(' ');
    parts.push(`<polyline points="${coordinates}" fill="none" stroke="${colour}" stroke-width="${width}"/>`);
    for (const point of valid)
      parts.push(
        `<circle cx="${round(x(point.concurrency))}" cy="${round(y(point.latencyMs))}" r="${width + 0.5}" fill="${colour}"><title>${escapeXml(
          `${line.name}: ${point.latencyMs.toFixed(2)} ms at ${point.concurrency}`,
        )}</title></circle>`,
      );
    const legendX = x0 + MARGIN.left + (index % 2) * (plotWidth / 2);
    const legendY = y0 + PANEL_HEIGHT - legendRows * LEGEND_HEIGHT + Math.floor(index / 2) * LEGEND_HEIGHT;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${colour}" stroke-width="${width}"/>`,
      `<text x="${legendX + 24}" y="${legendY}">${escapeXml(line.name)}</text>`,
    );
  }
  return parts.join('\n');
}

/** The whole plot: panels in the order their series first appear, two per row. */
export function renderPlot(series: readonly Series[], caption: string): string {
  const panels = [...new Set(series.map((line) => line.panel))];
  const colours = new Map<string, string>();
  // mcpflow is always red; the peers take the other colours in order of appearance.
  const peers = [...new Set(series.map((line) => line.name).filter((name) => !isOurs(name)))];
  for (const line of series) if (isOurs(line.name)) colours.set(line.name, OURS_COLOUR);
  for (const [index, name] of peers.entries()) colours.set(name, peerPalette[index % peerPalette.length] as string);
  const rows = Math.max(1, Math.ceil(panels.length / COLUMNS));
  const width = PANEL_WIDTH * COLUMNS;
  const height = rows * PANEL_HEIGHT + 30;
  const body = panels.map((panel, index) =>
    renderPanel(
      panel,
      series.filter((line) => line.panel === panel),
      colours,
      (index % COLUMNS) * PANEL_WIDTH,
      Math.floor(index / COLUMNS) * PANEL_HEIGHT,
    ),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>Latency vs concurrency: ${escapeXml(panels.join(', '))}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...body,
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
