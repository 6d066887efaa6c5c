// Authorization scenarios: every one goes through the hub's own OAuth client (the SDK's auth() underneath),
// configured the way a user would configure it, and the hub's loopback redirect listener.
import { CrossAppAccessProvider, requestJwtAuthorizationGrant } from '@modelcontextprotocol/client';
import { createMemoryOAuthStore, type McpHubOptions, type OAuthSettings } from 'mcpflow/client';
import { browser, contextString, openHub, server } from './fixture-support.ts';

type Scenario = (url: string) => Promise<void>;

/** The client ID metadata document URL the suite's mock authorization servers accept (SEP-991). */
const clientMetadataUrl = 'https://conformance-test.local/client-metadata.json';

/** Connects with `oauth`, lists the tools, calls `test-tool` when it is listed, closes. */
async function authorizedRun(url: string, oauth: OAuthSettings, options: McpHubOptions = {}): Promise<void> {
  const hub = await openHub(
    url,
    { era: 'auto', oauth },
    {
      ...options,
      oauth: { store: createMemoryOAuthStore(), onAuthorizationUrl: browser, authorizationTimeoutMs: 10_000, ...options.oauth },
    },
  );
  try {
    const tools = await hub.listTools();
    if (tools.some((tool) => tool.name === 'test-tool')) await hub.callTool('test-tool');
  } finally {
    await hub.close();
  }
}

const interactive: Scenario = (url) => authorizedRun(url, { clientMetadataUrl });

const preRegistered: Scenario = (url) =>
  authorizedRun(url, { clientId: contextString('client_id'), clientSecret: contextString('client_secret') });

const clientCredentialsBasic: Scenario = (url) =>
  authorizedRun(url, {
    grant: 'client_credentials',
    clientId: contextString('client_id'),
    clientSecret: contextString('client_secret'),
  });

const clientCredentialsJwt: Scenario = (url) => {
  const algorithm = process.env.MCP_CONFORMANCE_CONTEXT?.includes('signing_algorithm')
    ? contextString('signing_algorithm')
    : 'ES256';
  return authorizedRun(url, {
    grant: 'client_credentials',
    clientId: contextString('client_id'),
    privateKey: contextString('private_key_pem'),
    signingAlgorithm: algorithm,
    tokenEndpointAuthMethod: 'private_key_jwt',
  });
};

const workloadIdentity: Scenario = (url) =>
  authorizedRun(url, {
    grant: 'jwt_bearer',
    clientId: contextString('client_id'),
    assertion: contextString('valid_jwt'),
    tokenEndpointAuthMethod: 'none',
  });

// Enterprise-managed authorization (SEP-990) needs an IdP token exchange the hub cannot configure from a file:
// the hub takes the SDK's CrossAppAccessProvider through `oauth.providers`.
const crossAppAccess: Scenario = (url) => {
  const provider = new CrossAppAccessProvider({
    clientId: contextString('client_id'),
    clientSecret: contextString('client_secret'),
    assertion: async (authorization) =>
      (
        await requestJwtAuthorizationGrant({
          tokenEndpoint: contextString('idp_token_endpoint'),
          audience: authorization.authorizationServerUrl,
          resource: authorization.resourceUrl,
          idToken: contextString('idp_id_token'),
          clientId: contextString('idp_client_id'),
          fetchFn: authorization.fetchFn,
        })
      ).jwtAuthGrant,
  });
  return authorizedRun(url, {}, { oauth: { providers: { [server]: provider } } });
};

const dpop: Scenario = (url) => authorizedRun(url, { dpop: true });

const interactiveScenarios = [
  'auth/metadata-default',
  'auth/metadata-var1',
  'auth/metadata-var2',
  'auth/metadata-var3',
  'auth/basic-cimd',
  'auth/2025-03-26-oauth-metadata-backcompat',
  'auth/2025-03-26-oauth-endpoint-fallback',
  'auth/resource-mismatch',
  'auth/scope-from-www-authenticate',
  'auth/scope-from-scopes-supported',
  'auth/scope-omitted-when-undefined',
  'auth/scope-step-up',
  'auth/scope-retry-limit',
  'auth/token-endpoint-auth-basic',
  'auth/token-endpoint-auth-post',
  'auth/token-endpoint-auth-none',
  'auth/offline-access-scope',
  'auth/offline-access-not-supported',
  'auth/iss-supported',
  'auth/iss-not-advertised',
  'auth/iss-supported-missing',
  'auth/iss-wrong-issuer',
  'auth/iss-unexpected',
  'auth/iss-normalized',
  'auth/metadata-issuer-mismatch',
  'auth/authorization-server-migration',
];

/** Scenario name → what the fixture does against the mock at `url`. */
export const authScenarios: Record<string, Scenario> = {
  ...Object.fromEntries(interactiveScenarios.map((name) => [name, interactive])),
  'auth/pre-registration': preRegistered,
  'auth/client-credentials-basic': clientCredentialsBasic,
  'auth/client-credentials-jwt': clientCredentialsJwt,
  'auth/wif-jwt-bearer': workloadIdentity,
  'auth/cross-app-access-complete-flow': crossAppAccess,
  'auth/enterprise-managed-authorization': crossAppAccess,
  'auth/dpop': dpop,
  'auth/dpop-nonce': dpop,
};
