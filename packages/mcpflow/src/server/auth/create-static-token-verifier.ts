import { createHash, timingSafeEqual } from 'node:crypto';
import { type AuthInfo, OAuthError, OAuthErrorCode, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** What a static token grants. */
export interface StaticTokenGrant {
  /** The client the token belongs to (`context.http.authInfo.clientId` in handlers). */
  clientId: string;
  /** The OAuth scopes the token carries. */
  scopes: string[];
  /** When the token stops working, in seconds since the epoch. @default never */
  expiresAt?: number;
}

interface Entry {
  digest: Buffer;
  grant: StaticTokenGrant;
}

/**
 * A token verifier for a fixed set of bearer tokens (API keys handed out by hand, service accounts, tests). Tokens
 * are compared in constant time: each configured token and the presented one are hashed to SHA-256 and every
 * digest is compared, so neither the position nor the length of a match shows in the timing. An unknown or
 * expired token is an `invalid_token` (a 401 challenge). A token without `expiresAt` reports `Infinity`, because
 * the SDK's bearer check refuses tokens without an expiry. An empty token throws `CONFIG_INVALID`.
 *
 * @example
 * ```ts
 * const verifier = createStaticTokenVerifier({
 *   [process.env.OPS_TOKEN ?? '']: { clientId: 'ops', scopes: ['workflows:run'] },
 * })
 * await serveHttp(server, { auth: { verifier, authorizationServers: ['https://auth.example.com'] } })
 * ```
 */
export function createStaticTokenVerifier(
  tokens: Record<string, StaticTokenGrant> | Map<string, StaticTokenGrant>,
): OAuthTokenVerifier {
  const entries: Entry[] = [];
  for (const [token, grant] of tokens instanceof Map ? tokens : Object.entries(tokens)) {
    // An empty key (an unset environment variable, say) would otherwise be a token anyone can guess.
    if (token.length === 0) throw new McpflowError('CONFIG_INVALID', 'a static token must not be empty');
    entries.push({ digest: digestOf(token), grant: { ...grant, scopes: [...grant.scopes] } });
  }
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const digest = digestOf(token);
      let found: StaticTokenGrant | undefined;
      // No early exit: every entry is compared whatever matched.
      for (const entry of entries) if (timingSafeEqual(entry.digest, digest)) found = entry.grant;
      if (found === undefined) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Unknown token');
      const expiresAt = found.expiresAt ?? Number.POSITIVE_INFINITY;
      if (expiresAt < Date.now() / 1000) throw new OAuthError(OAuthErrorCode.InvalidToken, 'Token has expired');
      return { token, clientId: found.clientId, scopes: [...found.scopes], expiresAt };
    },
  };
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
