import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { McpflowError } from 'mcpflow';

/** Rules for fetching documents by URL. */
export interface UrlPolicy {
  /**
   * Decides whether an address may be contacted. @default refuses loopback, private (RFC 1918, unique local),
   * link-local (incl. cloud metadata 169.254.169.254), carrier-grade NAT, multicast and unspecified addresses
   */
  allowAddress?: (address: string) => boolean;
  /** @default 50 MiB */
  maxBytes?: number;
  /** @default 30000 */
  timeoutMs?: number;
  /** @default 5 */
  maxRedirects?: number;
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(network, prefix, 'ipv6');

/** True for addresses a server must not be tricked into contacting (SSRF): loopback, private, link-local, … */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return isNonPublicAddress(mapped);
  // The URL parser writes IPv4-mapped addresses in hex (::ffff:7f00:1): judge them as the IPv4 address they are.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex !== null) {
    const value = (Number.parseInt(hex[1] as string, 16) << 16) | Number.parseInt(hex[2] as string, 16);
    return isNonPublicAddress([24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.'));
  }
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Fetches a URL for parsing, guarded against server-side request forgery: http(s) only; every address the host
 * resolves to is checked (and the connection goes to a checked address, so DNS rebinding cannot swap it); each
 * redirect is checked the same way; bodies are capped. Refusals are `FORBIDDEN`, network failures `CONNECTION_FAILED`.
 */
export async function fetchUrl(
  url: string,
  policy: UrlPolicy = {},
): Promise<{ bytes: Uint8Array; name: string; mediaType: string | undefined }> {
  const allow = policy.allowAddress ?? ((address: string) => !isNonPublicAddress(address));
  let current = parseUrl(url);
  for (let hop = 0; hop <= (policy.maxRedirects ?? 5); hop += 1) {
    const response = await get(current, allow, policy.timeoutMs ?? 30_000);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location !== undefined) {
      response.resume();
      current = parseUrl(new URL(response.headers.location, current).href);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new McpflowError('CONNECTION_FAILED', `${current.href} answered HTTP ${status}`, {
        data: { url: current.href, status },
      });
    }
    const bytes = await readCapped(response, policy.maxBytes ?? 50 * 1024 * 1024, current.href);
    const name = decodeURIComponent(current.pathname.split('/').pop() || current.hostname);
    return { bytes, name, mediaType: response.headers['content-type']?.split(';')[0]?.trim() };
  }
  throw new McpflowError('FORBIDDEN', `too many redirects fetching ${url}`, { data: { url } });
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new McpflowError('INVALID_INPUT', `not a URL: "${url}"`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new McpflowError('FORBIDDEN', `only http and https URLs can be fetched, not ${parsed.protocol}`, { data: { url } });
  return parsed;
}

function get(url: URL, allow: (address: string) => boolean, timeoutMs: number): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refuse = (address: string) =>
    new McpflowError('FORBIDDEN', `${url.host} resolves to ${address}, a non-public address, which is not allowed`, {
      data: { url: url.href, address },
    });
  if (isIP(host) !== 0 && !allow(host)) return Promise.reject(refuse(host));
  // The connection uses exactly the addresses checked here: no second lookup an attacker's DNS could answer differently.
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { all: true, family: options.family ?? 0 }).then(
      (addresses) => {
        const refused = addresses.find((entry) => !allow(entry.address));
        if (refused !== undefined) return callback(refuse(refused.address), '', 0);
        const first = addresses[0];
        if (first === undefined) return callback(new Error(`${hostname} has no addresses`), '', 0);
        if (options.all) return (callback as unknown as (error: null, all: typeof addresses) => void)(null, addresses);
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, { method: 'GET', lookup: guardedLookup, timeout: timeoutMs }, resolve);
    outgoing.on('timeout', () =>
      outgoing.destroy(new McpflowError('REQUEST_TIMEOUT', `${url.href} took longer than ${timeoutMs} ms`)),
    );
    outgoing.on('error', (error) =>
      reject(
        McpflowError.isInstance(error)
          ? error
          : new McpflowError('CONNECTION_FAILED', `cannot fetch ${url.href}: ${error.message}`, { cause: error }),
      ),
    );
    outgoing.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, url: string): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of response as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > maxBytes) {
      response.destroy();
      throw new McpflowError('INVALID_INPUT', `${url} is larger than ${maxBytes} bytes`, { data: { url, maxBytes } });
    }
    parts.push(part);
  }
  return new Uint8Array(Buffer.concat(parts));
}
