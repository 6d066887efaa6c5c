import { type AuthInfo, OAuthError, OAuthErrorCode, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** Options for {@link createJwtVerifier}. */
export interface JwtVerifierOptions {
  /**
   * The authorization server's signing keys: its JWKS URL (fetched, cached and refetched for unknown key ids),
   * or a key set held locally.
   */
  jwks: URL | JSONWebKeySet;
  /** The `iss` a token must carry: the authorization server's issuer identifier (or several). */
  issuer: string | string[];
  /**
   * The `aud` a token must carry: this server's resource identifier, usually the public URL of the MCP endpoint
   * (RFC 8707). Tokens minted for other servers are refused, as the MCP authorization spec requires.
   */
  audience: string;
  /** Leeway for clock differences when checking `exp` and `nbf`, in seconds. @default 0 */
  clockToleranceSeconds?: number;
  /** How long a JWKS fetch may take before verification fails (with a 500), in milliseconds. @default 5000 */
  jwksTimeoutMs?: number;
}

/** jose failures that mean the token is bad (a 401), not that the server could not check it (a 500). */
const tokenFaults = new Map<string, string>([
  ['ERR_JWT_EXPIRED', 'Token has expired'],
  ['ERR_JWT_CLAIM_VALIDATION_FAILED', 'Token claims are not valid'],
  ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'Token signature is invalid'],
  ['ERR_JWT_INVALID', 'Token is not a valid JWT'],
  ['ERR_JWS_INVALID', 'Token is not a valid JWS'],
  ['ERR_JOSE_ALG_NOT_ALLOWED', 'Token algorithm is not allowed'],
  ['ERR_JOSE_NOT_SUPPORTED', 'Token algorithm is not supported'],
  ['ERR_JWKS_NO_MATCHING_KEY', 'Token was not signed by a known key'],
  ['ERR_JWKS_MULTIPLE_MATCHING_KEYS', 'Token does not identify its signing key'],
]);

/** Which claim failed says more than jose's generic code; the claim's name is no secret, its value is not echoed. */
const claimFaults = new Map<string, string>([
  ['aud', 'Token was not issued for this resource'],
  ['iss', 'Token was not issued by a trusted authorization server'],
  ['exp', 'Token has no expiration time'],
  ['nbf', 'Token is not valid yet'],
]);

/**
 * A token verifier for JWT access tokens (RFC 9068) signed by an authorization server: checks the signature
 * against the server's JWKS, the issuer, the audience (this resource) and the expiry (`exp` is required). A bad
 * token throws `OAuthError` `invalid_token`, which `serveHttp` answers with a 401 challenge; keys that cannot be
 * fetched are a server error (500). Messages are fixed texts: neither the token nor its claims are echoed.
 *
 * The resulting `AuthInfo` has `clientId` from `client_id` (else `azp`, else `sub`), `scopes` from `scope`
 * (space-separated) or `scp`, `expiresAt` from `exp`, `resource` from the audience, and the verified claims in
 * `extra.claims`.
 *
 * @example
 * ```ts
 * const verifier = createJwtVerifier({
 *   jwks: new URL('https://auth.example.com/.well-known/jwks.json'),
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://mcp.example.com/mcp',
 * })
 * ```
 */
export function createJwtVerifier(options: JwtVerifierOptions): OAuthTokenVerifier {
  if (options.audience.length === 0) throw new McpflowError('CONFIG_INVALID', 'createJwtVerifier needs an audience');
  if ([options.issuer].flat().length === 0) throw new McpflowError('CONFIG_INVALID', 'createJwtVerifier needs an issuer');
  const keys =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks, { timeoutDuration: options.jwksTimeoutMs ?? 5_000 })
      : createLocalJWKSet(options.jwks);
  const resource = URL.canParse(options.audience) ? new URL(options.audience) : undefined;
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: options.clockToleranceSeconds ?? 0,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
        // JWTExpired carries `claim: 'exp'` too, so the claim only refines claim-validation failures.
        const byClaim =
          code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string' ? claimFaults.get(claim) : undefined;
        const fault = byClaim ?? (typeof code === 'string' ? tokenFaults.get(code) : undefined);
        if (fault !== undefined) throw new OAuthError(OAuthErrorCode.InvalidToken, fault);
        // JWKS unreachable, malformed or timed out: not the client's fault.
        const failure = new OAuthError(OAuthErrorCode.ServerError, 'The signing keys could not be loaded');
        failure.cause = error;
        throw failure;
      }
      const info: AuthInfo = {
        token,
        clientId: stringClaim(payload, 'client_id') ?? stringClaim(payload, 'azp') ?? payload.sub ?? '',
        scopes: scopesOf(payload),
        expiresAt: payload.exp as number,
        extra: { claims: payload },
      };
      if (resource !== undefined) info.resource = resource;
      return info;
    },
  };
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
}

function scopesOf(payload: JWTPayload): string[] {
  const value = payload.scope ?? payload.scp;
  if (typeof value === 'string') return value.split(' ').filter((scope) => scope.length > 0);
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string');
  return [];
}
