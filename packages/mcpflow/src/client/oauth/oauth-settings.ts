import type { OAuthClientProvider } from '@modelcontextprotocol/client';
import type { OAuthStore } from './oauth-store.ts';

/** How the hub obtains tokens for a server. */
export type OAuthGrant = 'authorization_code' | 'client_credentials' | 'jwt_bearer';

/** How the client authenticates at the token endpoint (RFC 7591 `token_endpoint_auth_method`). */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/**
 * A server's `oauth` settings in the hub configuration (all optional: `{}` means authorization code + PKCE with a
 * client ID metadata document or dynamic registration, whichever the authorization server supports).
 */
export interface OAuthSettings {
  /** @default 'authorization_code' (interactive); `client_credentials` and `jwt_bearer` are for machines. */
  grant?: OAuthGrant;
  /** A pre-registered client id; without it the hub uses `clientMetadataUrl` or dynamic registration. */
  clientId?: string;
  /** The pre-registered client's secret (`client_secret_basic` or `client_secret_post`). */
  clientSecret?: string;
  /** An HTTPS URL serving this client's metadata document (CIMD), used as the client id where supported. */
  clientMetadataUrl?: string;
  /** The `client_name` sent when registering. @default the hub's `oauth.clientName`, else 'mcpflow' */
  clientName?: string;
  /** Scopes to ask for when the server does not say (space-separated). */
  scope?: string;
  /** Token endpoint authentication; by default chosen from the client's secret and what the server supports. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** PKCS#8 PEM private key for `private_key_jwt` (use `${env:NAME}` rather than writing it into the file). */
  privateKey?: string;
  /** JWS algorithm for `private_key_jwt`. @default 'RS256' */
  signingAlgorithm?: string;
  /** For `jwt_bearer` (RFC 7523, workload identity): the JWT presented as the grant's `assertion`. */
  assertion?: string;
  /** The authorization server's issuer the static credentials belong to; they are sent nowhere else. */
  expectedIssuer?: string;
  /** Fixed loopback port for the redirect URI. @default a free port, remembered in the store */
  redirectPort?: number;
  /** Sender-constrained tokens (DPoP, RFC 9449); the key lives in memory only. @default false */
  dpop?: boolean;
}

/** What the hub passes to `onAuthorizationUrl`. */
export interface AuthorizationRequestContext {
  /** The server that needs the authorization. */
  server: string;
  /** Where the authorization server will redirect the browser: the hub's loopback listener. */
  redirectUrl: string;
}

/** OAuth options of the whole hub (`McpHubOptions.oauth`). */
export interface HubOAuthOptions {
  /** Where registrations and tokens persist. @default a file store at `~/.mcpflow/oauth.json` */
  store?: OAuthStore;
  /**
   * Starts an interactive authorization: open `url` in the user's browser (or print it). Without it, a server that
   * needs one fails with `AUTH_REQUIRED`; stored or machine credentials work regardless.
   */
  onAuthorizationUrl?: (url: URL, context: AuthorizationRequestContext) => void | Promise<void>;
  /** How long to wait for the browser to come back to the loopback listener. @default 300000 */
  authorizationTimeoutMs?: number;
  /** `client_name` for registrations. @default 'mcpflow' */
  clientName?: string;
  /**
   * Per server name, an SDK `OAuthClientProvider` to use instead of the hub's own (e.g. the SDK's
   * `CrossAppAccessProvider` for enterprise-managed authorization). The hub then neither stores nor prompts.
   */
  providers?: Record<string, OAuthClientProvider>;
}
