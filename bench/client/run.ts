/**
 * The hub's `callTool` versus the raw SDK v2 `Client.callTool`, the AI SDK's `createMCPClient` (@ai-sdk/mcp) and
 * LangChain's `MultiServerMCPClient` (@langchain/mcp-adapters) against the same echo server, over stdio and
 * Streamable HTTP, plus the connect-per-call pattern (LlamaIndex's `BasicMCPClient`: a new connection, `initialize`,
 * the call and a close for every call): `npm run bench:client`.
 *
 * Per transport and concurrency (1, 4, 16, 32, 64): 1,000 calls per client per round after 300 warm-up calls, three
 * rounds.
 * The machine is shared and noisy, so the hub, the raw client and a second raw client (the control: raw₂/raw shows
 * the noise floor of the run) take turns in blocks (one call at concurrency 1, 100 calls at 32), and latencies are
 * pooled over the rounds; the two peers join the same rotation. CPU per call is reported for the client side (this process) and for the server process
 * it talks to (from /proc, Linux only); at concurrency 1 every call is its own block, so those CPU figures include
 * the measuring itself (the same for every client). All clients negotiate the SDK's default (2025-11-25) era, and
 * every answer is checked for the echoed message. Connect-per-call runs fewer calls (it is slow), at concurrency 1,
 * in the same rounds. `--quick` runs one round. Results also go to bench/results/client.json (see bench/report/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { type CallToolResult, Client, StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createMcpHub, type McpHub } from 'mcpflow/client';
import { type Comparison, type Series, writeResults } from '../report/results-file.ts';
import { formatRatio, renderTable } from '../workflow/stats.ts';
import {
  type BenchClient,
  type Call,
  emptySample,
  interleave,
  type Measurement,
  runBlock,
  type Sample,
  summarize,
} from './measure.ts';
import { aiSdkClient, langchainClient, type PeerClient } from './peer-clients.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
// Blocks at concurrency 32: short, so both clients meet the same background load; every block starts and ends
// with the pipeline filling and draining, the same for both.
const BLOCK_AT_32 = 100;
const CALLS = 1_000;
const WARMUP = 300;
const CONCURRENCIES = [1, 4, 16, 32, 64] as const;
const CONNECT_PER_CALL = { stdio: quick ? 10 : 30, http: quick ? 50 : 200 } as const;
const MESSAGE = 'hello from the mcpflow client benchmark';
const echoServer = fileURLToPath(new URL('./echo-server.ts', import.meta.url));
const stdioCommand = { command: process.execPath, args: [echoServer, 'stdio'] };

type TransportName = 'stdio' | 'http';

function check(result: CallToolResult): void {
  const [first] = result.content;
  if (first?.type !== 'text' || first.text !== MESSAGE) throw new Error(`unexpected answer ${JSON.stringify(result)}`);
}

function rawTransport(transport: TransportName, url: string): Transport {
  return transport === 'stdio'
    ? new StdioClientTransport({ ...stdioCommand, stderr: 'ignore' })
    : new StreamableHTTPClientTransport(new URL(url));
}

interface Contender extends BenchClient {
  close(): Promise<void>;
}

async function rawClient(transport: TransportName, url: string, httpPid: number | undefined): Promise<Contender> {
  const client = new Client({ name: 'bench-raw-sdk', version: '1.0.0' });
  const connection = rawTransport(transport, url);
  await client.connect(connection);
  await client.listTools();
  return {
    serverPid: connection instanceof StdioClientTransport ? (connection.pid ?? undefined) : httpPid,
    call: async () => check((await client.callTool({ name: 'echo', arguments: { message: MESSAGE } })) as CallToolResult),
    close: () => client.close(),
  };
}

async function hubClient(transport: TransportName, url: string, httpPid: number | undefined): Promise<Contender> {
  const hub: McpHub = createMcpHub({ mcpServers: { bench: transport === 'stdio' ? stdioCommand : { url } } });
  await hub.ready;
  const status = hub.server('bench');
  if (status.status !== 'ready') throw new Error(`hub did not connect: ${status.lastError?.message}`);
  return {
    serverPid: transport === 'stdio' ? status.pid : httpPid,
    call: async () => check(await hub.callTool('bench__echo', { message: MESSAGE })),
    close: () => hub.close(),
  };
}

/** LlamaIndex's pattern: every call opens a connection (spawning the server on stdio), initializes, calls, closes. */
function connectPerCall(transport: TransportName, url: string): Call {
  return async () => {
    const client = new Client({ name: 'bench-connect-per-call', version: '1.0.0' });
    await client.connect(rawTransport(transport, url));
    check((await client.callTool({ name: 'echo', arguments: { message: MESSAGE } })) as CallToolResult);
    await client.close();
  };
}

async function startHttpServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [echoServer, 'http'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"url":'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  child.removeAllListeners('exit');
  return { url, child };
}

function merge(samples: readonly Sample[]): Measurement {
  const all = emptySample();
  for (const sample of samples) {
    all.latencies.push(...sample.latencies);
    all.elapsedMs += sample.elapsedMs;
    all.cpuMicros += sample.cpuMicros;
    all.serverCpuMicros += sample.serverCpuMicros;
    all.calls += sample.calls;
  }
  return summarize(all);
}
const ms = (value: number) => value.toFixed(3);

const cpus = os.cpus();
console.log(
  'mcpflow client hub vs raw SDK v2 Client, @ai-sdk/mcp, @langchain/mcp-adapters and connect-per-call — echo tool, same server',
);
console.log(`date ${new Date().toISOString()} · node ${process.version} · ${os.platform()} ${os.release()}`);
console.log(
  `machine ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
console.log(
  `${CALLS} calls per client per round at concurrency ${CONCURRENCIES.join(' and ')} after ${WARMUP} warm-up calls · ` +
    `${ROUNDS} round(s), hub, raw and control interleaved (blocks of 1 call at c=1, ${BLOCK_AT_32} at c=32), latencies pooled · ` +
    `connect-per-call: ${CONNECT_PER_CALL.stdio} calls (stdio), ${CONNECT_PER_CALL.http} (http), concurrency 1\n`,
);

const http = await startHttpServer();
const rows: string[][] = [];
const ratioRows: string[][] = [];
const comparisons: Comparison[] = [];
const series: Series[] = [];
const notes: string[] = [];
const peerNames = ['@ai-sdk/mcp', '@langchain/mcp-adapters'] as const;
const peerFactories = [aiSdkClient, langchainClient] as const;
/** Blocks grow with concurrency so the pipeline is full for most of each block. */
const blockSizeAt = (concurrency: number) => (concurrency === 1 ? 1 : Math.max(BLOCK_AT_32, concurrency * 4));
try {
  for (const transport of ['stdio', 'http'] as const) {
    const hub = await hubClient(transport, http.url, http.child.pid);
    const raw = await rawClient(transport, http.url, http.child.pid);
    // A second raw client, the control: raw₂/raw shows how far two identical clients drift apart in this run.
    const control = await rawClient(transport, http.url, http.child.pid);
    // The peers: one that fails to connect is reported and left out, the others still run.
    const peers: { name: string; client: PeerClient }[] = [];
    for (const [index, factory] of peerFactories.entries()) {
      const name = peerNames[index] as string;
      try {
        const client = await factory({ transport, url: http.url, httpPid: http.child.pid, stdioCommand, message: MESSAGE });
        await client.call();
        peers.push({ name, client });
      } catch (error) {
        notes.push(`${name} over ${transport}: not run — ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const contenders: { name: string; client: BenchClient }[] = [
      { name: 'hub', client: hub },
      { name: 'raw', client: raw },
      { name: 'control', client: control },
      ...peers,
    ];
    const samples = new Map<string, Sample[]>();
    const perCallSamples: Sample[] = [];
    const warm = emptySample();
    for (const { client } of contenders) await runBlock(client, WARMUP, 32, warm);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const concurrency of CONCURRENCIES) {
        const taken = await interleave(
          contenders.map(({ client }) => client),
          CALLS,
          concurrency,
          blockSizeAt(concurrency),
        );
        for (const [index, { name }] of contenders.entries()) {
          const key = `${name} ${concurrency}`;
          samples.set(key, [...(samples.get(key) ?? []), taken[index] as Sample]);
        }
      }
      const perCall = emptySample();
      const connecting = { call: connectPerCall(transport, http.url), serverPid: undefined };
      await runBlock(connecting, Math.ceil(CONNECT_PER_CALL[transport] / ROUNDS), 1, perCall);
      perCallSamples.push(perCall);
    }
    await hub.close();
    await raw.close();
    await control.close();
    for (const { client } of peers) await client.close();
    const perCall = merge(perCallSamples);
    const labelOf = (name: string) => ({ hub: 'mcpflow hub', raw: 'raw SDK Client', control: 'raw₂ (control)' })[name] ?? name;
    for (const { name } of contenders) {
      if (name === 'control') continue;
      series.push({
        panel: `client (${transport})`,
        name: labelOf(name),
        points: CONCURRENCIES.map((concurrency) => ({
          concurrency,
          latencyMs: merge(samples.get(`${name} ${concurrency}`) ?? []).p50,
        })),
      });
    }

    for (const concurrency of CONCURRENCIES) {
      const hubResult = merge(samples.get(`hub ${concurrency}`) ?? []);
      const rawResult = merge(samples.get(`raw ${concurrency}`) ?? []);
      const controlResult = merge(samples.get(`control ${concurrency}`) ?? []);
      const peerResults = peers.map(({ name }) => [name, merge(samples.get(`${name} ${concurrency}`) ?? [])] as const);
      for (const [name, result] of [
        ['mcpflow hub', hubResult],
        ['raw SDK Client', rawResult],
        ['raw₂ (control)', controlResult],
        ...peerResults,
      ] as const) {
        rows.push([
          `${transport} c=${concurrency}`,
          name,
          ms(result.p50),
          ms(result.p99),
          result.throughput.toFixed(0),
          result.cpuPerCall.toFixed(1),
          result.serverCpuPerCall.toFixed(1),
        ]);
      }
      ratioRows.push([
        `${transport} c=${concurrency}`,
        formatRatio(hubResult.p50 / rawResult.p50),
        formatRatio(hubResult.p99 / rawResult.p99),
        formatRatio(hubResult.throughput / rawResult.throughput),
        formatRatio(hubResult.cpuPerCall / rawResult.cpuPerCall),
        formatRatio(hubResult.serverCpuPerCall / rawResult.serverCpuPerCall),
        `${formatRatio(controlResult.p50 / rawResult.p50)} / ${formatRatio(controlResult.p99 / rawResult.p99)}`,
        concurrency === 1 ? formatRatio(perCall.p50 / hubResult.p50) : '',
      ]);
      if (concurrency !== 1 && concurrency !== 32) continue;
      for (const [peer, result] of [['raw SDK Client', rawResult] as const, ...peerResults]) {
        const compare = (figure: string, unit: string, ours: number, theirs: number, higherIsBetter: boolean) =>
          comparisons.push({
            figure: `${transport} c=${concurrency} ${figure}`,
            unit,
            ours: { name: 'mcpflow hub', value: ours },
            peer: { name: peer, value: theirs },
            higherIsBetter,
          });
        compare('p50 latency', 'ms', hubResult.p50, result.p50, false);
        compare('p99 latency', 'ms', hubResult.p99, result.p99, false);
        compare('throughput', 'calls/s', hubResult.throughput, result.throughput, true);
      }
      comparisons.push({
        figure: `${transport} c=${concurrency} p50 latency (noise control: a second raw client)`,
        unit: 'ms',
        ours: { name: 'raw₂ (control)', value: controlResult.p50 },
        peer: { name: 'raw SDK Client', value: rawResult.p50 },
        higherIsBetter: false,
      });
    }
    comparisons.push({
      figure: `${transport} c=1 p50 latency vs connecting per call`,
      unit: 'ms',
      ours: { name: 'mcpflow hub', value: merge(samples.get('hub 1') ?? []).p50 },
      peer: { name: 'connect-per-call (LlamaIndex pattern)', value: perCall.p50 },
      higherIsBetter: false,
    });
    rows.push([
      `${transport} c=1`,
      'connect-per-call',
      ms(perCall.p50),
      ms(perCall.p99),
      perCall.throughput.toFixed(1),
      perCall.cpuPerCall.toFixed(1),
      'n/a',
    ]);
  }
} finally {
  http.child.kill('SIGTERM');
}

console.log(
  renderTable(['transport', 'client', 'p50 ms', 'p99 ms', 'calls/s', 'client CPU µs/call', 'server CPU µs/call'], rows),
);
console.log('\nratios (targets: hub/raw latency ≤ 1.05×; connect-per-call/hub p50 ≥ 50× over stdio)');
console.log(
  renderTable(
    [
      'transport',
      'hub/raw p50',
      'hub/raw p99',
      'hub/raw calls/s',
      'hub/raw client CPU',
      'hub/raw server CPU',
      'control raw₂/raw p50 / p99',
      'connect-per-call/hub p50',
    ],
    ratioRows,
  ),
);
for (const note of notes) console.log(`- ${note}`);
writeResults({
  benchmark: 'client',
  method:
    `echo tool on one raw SDK v2 server; ${CALLS} calls per client per round at each concurrency ${CONCURRENCIES.join(', ')} ` +
    `after ${WARMUP} warm-up calls; ${ROUNDS} round(s), all clients interleaved in blocks; latencies pooled`,
  comparisons,
  series,
  notes,
});
