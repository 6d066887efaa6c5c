import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  getOAuthProtectedResourceMetadataUrl,
  OAuthError,
  OAuthErrorCode,
  type OAuthProtectedResourceMetadata,
  type OAuthTokenVerifier,
  type VerifyBearerTokenOptions,
  verifyBearerToken,
} from '@modelcontextprotocol/server';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** Bearer authorization for {@link serveHttp}: every MCP request needs a valid access token. */
export interface HttpAuthOptions {
  /**
   * Checks access tokens: {@link createJwtVerifier}, {@link createStaticTokenVerifier}, or any `OAuthTokenVerifier`
   * (throw `OAuthError` `invalid_token` for a 401; it must check the token's audience and report `expiresAt`).
   */
  verifier: OAuthTokenVerifier;
  /**
   * The protected resource's identifier: the public URL of the MCP endpoint, as clients and the authorization
   * server know it (set it behind a proxy). @default the served endpoint URL
   */
  resourceServerUrl?: URL;
  /** Issuer URLs of the authorization servers that mint tokens for this server (RFC 9728 `authorization_servers`). */
  authorizationServers: string[];
  /** Scopes advertised in the metadata document (`scopes_supported`). @default not advertised */
  scopesSupported?: string[];
  /** Scopes every request needs; a token without them gets 403 `insufficient_scope`. @default none */
  requiredScopes?: string[];
}

/** @internal The auth gate `serveHttp` puts in front of its MCP endpoint. */
export interface HttpAuth {
  /** True when `pathname` is where the protected resource metadata document is served. */
  servesMetadataAt(pathname: string): boolean;
  /** Answers a request for the metadata document (GET/HEAD, CORS preflight, else 405). */
  writeMetadata(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Verifies the bearer token. On success the `AuthInfo` is set as `request.auth` (where the SDK's Node handlers
   * read it) and true is returned; otherwise the 401/403 challenge (or a 500) has been written.
   */
  authenticate(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

const metadataRoot = '/.well-known/oauth-protected-resource';

/**
 * @internal Builds the gate. `endpoint` gives the served endpoint URL (known once the socket is bound); failures the
 * server caused (a verifier that throws something other than an `OAuthError`, keys that cannot be loaded) go to
 * `onError`; refused tokens are not (they are the client's fault), and mcpflow never puts a token in what it reports.
 */
export function createHttpAuth(
  options: HttpAuthOptions,
  endpoint: () => URL,
  onError: ((error: unknown) => void) | undefined,
): HttpAuth {
  validate(options);
  const resource = () => options.resourceServerUrl ?? endpoint();
  const metadataUrl = () => getOAuthProtectedResourceMetadataUrl(resource());
  return {
    servesMetadataAt(pathname) {
      const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
      // RFC 9728 §3.1 inserts the well-known segment before the resource's path; the bare root is served too,
      // for clients that probe it, and the local path variant for a proxy that rewrites the public path.
      return path === metadataRoot || path === new URL(metadataUrl()).pathname || path === metadataRoot + endpoint().pathname;
    },
    writeMetadata(request, response) {
      const headers = { 'access-control-allow-origin': '*' };
      if (request.method === 'OPTIONS') {
        const requested = request.headers['access-control-request-headers'];
        response.writeHead(204, {
          ...headers,
          'access-control-allow-methods': 'GET, HEAD, OPTIONS',
          ...(requested === undefined
            ? {}
            : { 'access-control-allow-headers': requested, vary: 'access-control-request-headers' }),
        });
        response.end();
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const error = new OAuthError(OAuthErrorCode.MethodNotAllowed, `The method ${request.method} is not allowed here`);
        response.writeHead(405, { ...headers, allow: 'GET, HEAD, OPTIONS', 'content-type': 'application/json' });
        response.end(JSON.stringify(error.toResponseObject()));
        return;
      }
      const document: OAuthProtectedResourceMetadata = {
        resource: resource().href,
        authorization_servers: options.authorizationServers,
        bearer_methods_supported: ['header'],
      };
      if (options.scopesSupported !== undefined) document.scopes_supported = options.scopesSupported;
      response.writeHead(200, { ...headers, 'content-type': 'application/json' });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(document));
    },
    async authenticate(request, response) {
      const verifyOptions: VerifyBearerTokenOptions = {
        verifier: options.verifier,
        requiredScopes: options.requiredScopes ?? [],
        resourceMetadataUrl: metadataUrl(),
      };
      // RFC 6750 §3.1 invalid_request: a repeated header is ambiguous (a proxy may check one, this server
      // another), and a token in the URL ends up in access logs and Referer headers. Neither is verified.
      const repeated = countHeader(request.rawHeaders, 'authorization') > 1;
      const inQuery = new URL(request.url ?? '/', 'http://localhost').searchParams.has('access_token');
      if (repeated || inQuery) {
        const message = repeated
          ? 'Send exactly one Authorization header'
          : 'Send the access token in the Authorization header, never in the URL';
        await writeResponse(
          response,
          bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InvalidRequest, message), verifyOptions),
        );
        return false;
      }
      try {
        // The SDK's check: Bearer scheme, the verifier, required scopes, a present and future `expiresAt`. It also
        // stamps `resourceMetadataUrl` on the AuthInfo, so the SDK's per-tool scope challenges name the same document.
        const authInfo = await verifyBearerToken(request.headers.authorization, verifyOptions);
        (request as IncomingMessage & { auth?: AuthInfo }).auth = authInfo;
        return true;
      } catch (error) {
        const clientFault =
          OAuthError.isInstance(error) &&
          (error.code === OAuthErrorCode.InvalidToken || error.code === OAuthErrorCode.InsufficientScope);
        if (!clientFault) onError?.(error);
        await writeResponse(response, bearerAuthChallengeResponse(error, verifyOptions));
        return false;
      }
    },
  };
}

function validate(options: HttpAuthOptions): void {
  if (options.authorizationServers.length === 0) {
    throw new McpflowError('CONFIG_INVALID', 'auth.authorizationServers must name at least one authorization server');
  }
  for (const issuer of options.authorizationServers) {
    const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
    // As the SDK's metadata helper: HTTPS, except on loopback for local testing (RFC 8414 §2).
    const loopback = url?.hostname === 'localhost' || url?.hostname === '127.0.0.1' || url?.hostname === '[::1]';
    if (url === undefined || (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))) {
      throw new McpflowError('CONFIG_INVALID', `auth.authorizationServers: "${issuer}" is not an HTTPS URL`);
    }
  }
}

function countHeader(rawHeaders: string[], name: string): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) if (rawHeaders[index]?.toLowerCase() === name) count += 1;
  return count;
}

/** Copies a web `Response` (the SDK's challenge) onto a Node response. */
async function writeResponse(target: ServerResponse, source: Response): Promise<void> {
  const body = await source.text();
  if (target.headersSent) return;
  target.writeHead(source.status, Object.fromEntries(source.headers));
  target.end(body);
}
