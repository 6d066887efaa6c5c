import { randomBytes } from 'node:crypto';
import {
  type AddClientAuthentication,
  auth,
  createPrivateKeyJwtAuth,
  DpopSession,
  type FetchLike,
  type OAuthClientInformationContext,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { type CallbackListener, callbackPath, findFreeLoopbackPort, listenForCallback } from './listen-for-callback.ts';
import type { HubOAuthOptions, OAuthSettings } from './oauth-settings.ts';
import type { IssuerCredentials, OAuthStore, ServerOAuthState } from './oauth-store.ts';

/** An access token this close to expiry (at most 30 s, a tenth of its lifetime) is not sent: refresh it first. */
const expirySkew = (lifetimeMs: number) => Math.min(30_000, lifetimeMs / 10);

const grantTypes = {
  authorization_code: ['authorization_code', 'refresh_token'],
  client_credentials: ['client_credentials'],
  jwt_bearer: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
} as const;

/** The hub's OAuth client for one server: an SDK `OAuthClientProvider` plus what the hub needs to drive it. */
export interface HubOAuthProvider extends OAuthClientProvider {
  /** Loads the stored state and fixes the redirect port; call before the first request. */
  prepare(): Promise<void>;
  /**
   * Finishes an authorization the SDK started (it called `redirectToAuthorization`): waits for the redirect,
   * exchanges the code through the SDK's `auth()`. Resolves `false` when none was started.
   */
  completeAuthorization(fetchFn?: FetchLike): Promise<boolean>;
  /** Wraps the transport's fetch: a 401 to a request that carried a token drops the cached discovery (SEP-2352). */
  wrapFetch(next: FetchLike): FetchLike;
  /** Stops a redirect listener that is still waiting (the hub is closing). */
  dispose(): Promise<void>;
}

interface Pending {
  listener: CallbackListener;
  scope: string | undefined;
}

/** Options for {@link createHubOAuthProvider}. */
export interface HubOAuthProviderOptions {
  server: string;
  url: string;
  settings: OAuthSettings;
  hub: HubOAuthOptions;
  store: OAuthStore;
}

/**
 * Creates the OAuth client provider the hub hands to the SDK transport for one HTTP server. The SDK runs the
 * protocol (discovery, registration, PKCE, token exchange, refresh, step-up, RFC 9207 checks); this provider keeps
 * registrations and tokens in the store per issuer, runs the loopback redirect listener, and supplies the grant
 * for machine flows (`client_credentials`, `jwt_bearer`, with `private_key_jwt` from the SDK's signer).
 */
export function createHubOAuthProvider(options: HubOAuthProviderOptions): HubOAuthProvider {
  const { server, url, settings, hub, store } = options;
  const grant = settings.grant ?? 'authorization_code';
  const key = `${server} ${url}`;
  let state: ServerOAuthState = { issuers: {} };
  let loaded = false;
  let port: number | undefined;
  let verifier: string | undefined;
  let pending: Pending | undefined;
  let dpopSession: Promise<DpopSession> | undefined;

  const save = () => store.write(key, state);
  const currentIssuer = () =>
    state.discovery?.authorizationServerMetadata?.issuer ?? state.discovery?.authorizationServerUrl ?? state.lastIssuer;
  const credentials = (issuer: string): IssuerCredentials => {
    state.issuers[issuer] ??= {};
    return state.issuers[issuer];
  };
  const expired = (entry: IssuerCredentials) => {
    const lifetime = entry.tokens?.expires_in;
    if (lifetime === undefined || entry.tokensSavedAt === undefined) return false;
    return entry.tokensSavedAt + lifetime * 1000 - expirySkew(lifetime * 1000) <= Date.now();
  };

  const redirectUrl = () => {
    if (port === undefined) throw new McpflowError('INTERNAL', `Server "${server}": the OAuth provider was not prepared`);
    return `http://127.0.0.1:${port}${callbackPath}`;
  };

  const staticClient = (): StoredOAuthClientInformation | undefined => {
    if (settings.clientId === undefined) return undefined;
    return {
      client_id: settings.clientId,
      ...(settings.clientSecret === undefined ? {} : { client_secret: settings.clientSecret }),
      ...(settings.tokenEndpointAuthMethod === undefined ? {} : { token_endpoint_auth_method: settings.tokenEndpointAuthMethod }),
      ...(settings.expectedIssuer === undefined ? {} : { issuer: settings.expectedIssuer }),
    };
  };

  const addClientAuthentication: AddClientAuthentication | undefined =
    settings.privateKey === undefined || settings.clientId === undefined
      ? undefined
      : createPrivateKeyJwtAuth({
          issuer: settings.clientId,
          subject: settings.clientId,
          privateKey: settings.privateKey,
          alg: settings.signingAlgorithm ?? 'RS256',
        });

  const provider: HubOAuthProvider = {
    get redirectUrl() {
      return grant === 'authorization_code' ? redirectUrl() : undefined;
    },
    ...(settings.clientMetadataUrl === undefined ? {} : { clientMetadataUrl: settings.clientMetadataUrl }),
    get clientMetadata(): OAuthClientMetadata {
      const interactive = grant === 'authorization_code';
      return {
        client_name: settings.clientName ?? hub.clientName ?? 'mcpflow',
        redirect_uris: interactive ? [redirectUrl()] : [],
        grant_types: [...grantTypes[grant]],
        response_types: interactive ? ['code'] : [],
        ...(settings.tokenEndpointAuthMethod === undefined
          ? {}
          : { token_endpoint_auth_method: settings.tokenEndpointAuthMethod }),
        ...(settings.scope === undefined ? {} : { scope: settings.scope }),
      };
    },
    state: () => randomBytes(16).toString('base64url'),

    clientInformation(context?: OAuthClientInformationContext) {
      const issuer = context?.issuer ?? currentIssuer();
      return (issuer === undefined ? undefined : state.issuers[issuer]?.client) ?? staticClient();
    },
    async saveClientInformation(information, context) {
      const issuer = context?.issuer ?? information.issuer;
      if (issuer === undefined) return;
      credentials(issuer).client = information;
      await save();
    },
    tokens(context?: OAuthClientInformationContext) {
      if (context !== undefined) return state.issuers[context.issuer]?.tokens;
      // The per-request read: an expired token is withheld, so the server's 401 makes the SDK refresh it.
      const last = state.lastIssuer === undefined ? undefined : state.issuers[state.lastIssuer];
      return last === undefined || expired(last) ? undefined : last.tokens;
    },
    async saveTokens(tokens: StoredOAuthTokens, context) {
      const issuer = context?.issuer ?? tokens.issuer;
      if (issuer === undefined) return;
      Object.assign(credentials(issuer), { tokens, tokensSavedAt: Date.now() });
      state.lastIssuer = issuer;
      await save();
    },
    saveCodeVerifier(codeVerifier) {
      verifier = codeVerifier;
    },
    codeVerifier() {
      if (verifier === undefined)
        throw new McpflowError('AUTH_FAILED', `Server "${server}": no PKCE verifier for this authorization`);
      return verifier;
    },
    discoveryState: () => state.discovery,
    async saveDiscoveryState(discovery: OAuthDiscoveryState) {
      state.discovery = discovery;
      await save();
    },
    async invalidateCredentials(scope) {
      const issuer = currentIssuer();
      const entries = issuer === undefined ? Object.values(state.issuers) : [credentials(issuer)];
      if (scope === 'all')
        state = { issuers: {}, ...(state.redirectPort === undefined ? {} : { redirectPort: state.redirectPort }) };
      for (const entry of entries) {
        if (scope === 'client') delete entry.client;
        if (scope === 'tokens') delete entry.tokens;
      }
      if (scope === 'verifier' || scope === 'all') verifier = undefined;
      if (scope === 'discovery') delete state.discovery;
      await save();
    },
    prepareTokenRequest(scope) {
      if (grant === 'authorization_code') return undefined;
      const params = new URLSearchParams({ grant_type: grantTypes[grant][0] });
      if (grant === 'jwt_bearer') params.set('assertion', settings.assertion ?? '');
      if (scope !== undefined && scope !== '') params.set('scope', scope);
      return params;
    },
    ...(addClientAuthentication === undefined ? {} : { addClientAuthentication }),
    ...(settings.dpop === true ? { dpop: () => (dpopSession ??= DpopSession.create()) } : {}),

    async redirectToAuthorization(authorizationUrl) {
      const onAuthorizationUrl = hub.onAuthorizationUrl;
      if (onAuthorizationUrl === undefined) {
        throw new McpflowError(
          'AUTH_REQUIRED',
          `Server "${server}" needs an OAuth authorization, and the hub has no oauth.onAuthorizationUrl handler to start one`,
          { data: { server, authorizationUrl: authorizationUrl.href } },
        );
      }
      await pending?.listener.close();
      const listener = await listenForCallback({
        port: port ?? 0,
        state: authorizationUrl.searchParams.get('state') ?? '',
        timeoutMs: hub.authorizationTimeoutMs ?? 300_000,
        server,
      });
      pending = { listener, scope: authorizationUrl.searchParams.get('scope') ?? undefined };
      try {
        await onAuthorizationUrl(authorizationUrl, { server, redirectUrl: redirectUrl() });
      } catch (error) {
        pending = undefined;
        await listener.close();
        throw new McpflowError('AUTH_FAILED', `Server "${server}": oauth.onAuthorizationUrl failed`, {
          cause: error,
          data: { server },
        });
      }
    },

    async prepare() {
      if (!loaded) {
        state = (await store.read(key)) ?? { issuers: {} };
        loaded = true;
      }
      if (grant !== 'authorization_code' || port !== undefined) return;
      port = settings.redirectPort ?? state.redirectPort ?? (await findFreeLoopbackPort());
      // Saved with the registration it belongs to: a server that never asks for OAuth leaves no file behind.
      state.redirectPort = port;
    },

    async completeAuthorization(fetchFn) {
      const current = pending;
      if (current === undefined) return false;
      pending = undefined;
      const query = await current.listener.callback;
      const code = query.get('code') ?? '';
      const iss = query.get('iss') ?? undefined;
      let result: Awaited<ReturnType<typeof auth>>;
      try {
        result = await auth(provider, {
          serverUrl: url,
          authorizationCode: code,
          ...(iss === undefined ? {} : { iss }),
          ...(current.scope === undefined ? {} : { scope: current.scope }),
          ...(fetchFn === undefined ? {} : { fetchFn }),
        });
      } catch (error) {
        if (McpflowError.isInstance(error)) throw error;
        // e.g. IssuerMismatchError (RFC 9207 mix-up defence) or the token endpoint refusing the code.
        const detail = error instanceof Error ? error.message : String(error);
        throw new McpflowError('AUTH_FAILED', `Server "${server}": exchanging the authorization code failed: ${detail}`, {
          cause: error,
          data: { server },
        });
      }
      if (result !== 'AUTHORIZED')
        throw new McpflowError('AUTH_FAILED', `Server "${server}": the code exchange did not authorize`);
      return true;
    },

    async dispose() {
      const current = pending;
      pending = undefined;
      await current?.listener.close();
    },

    wrapFetch(next) {
      const target = new URL(url);
      return async (input, init) => {
        const response = await next(input, init);
        const requested = new URL(input instanceof URL ? input.href : String(input));
        const carriedToken = new Headers(init?.headers).has('authorization');
        if (
          response.status === 401 &&
          carriedToken &&
          requested.origin === target.origin &&
          requested.pathname === target.pathname
        ) {
          // The token no longer opens the resource: maybe the resource moved to another authorization server.
          await provider.invalidateCredentials?.('discovery');
        }
        return response;
      };
    },
  };
  return provider;
}
