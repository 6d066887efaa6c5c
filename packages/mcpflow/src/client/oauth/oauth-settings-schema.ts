import * as z from 'zod';
import type { OAuthSettings } from './oauth-settings.ts';

/** The `oauth` field of an HTTP server entry when it is not `false` (which means: never attempt OAuth). */
export const oauthEntrySchema = z.strictObject({
  grant: z.enum(['authorization_code', 'client_credentials', 'jwt_bearer']).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  clientMetadataUrl: z.string().min(1).optional(),
  clientName: z.string().min(1).optional(),
  scope: z.string().optional(),
  tokenEndpointAuthMethod: z.enum(['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt']).optional(),
  privateKey: z.string().min(1).optional(),
  signingAlgorithm: z.string().min(1).optional(),
  assertion: z.string().min(1).optional(),
  expectedIssuer: z.string().min(1).optional(),
  redirectPort: z.number().int().min(1).max(65_535).optional(),
  dpop: z.boolean().optional(),
});

/** The `oauth` field as written in a configuration file: these settings, or `false`. */
export type OAuthEntry = z.input<typeof oauthEntrySchema> | false;

/**
 * Cross-field rules zod cannot say per field. Returns `[field, problem]` for the first broken rule, so the
 * caller's error names the server and the exact field.
 */
export function oauthProblem(settings: OAuthSettings): [string, string] | undefined {
  const grant = settings.grant ?? 'authorization_code';
  const method = settings.tokenEndpointAuthMethod;
  if (grant !== 'authorization_code' && settings.clientId === undefined) {
    return ['oauth.clientId', `is required for the ${grant} grant (machine clients are registered in advance)`];
  }
  if (grant === 'jwt_bearer' && settings.assertion === undefined) {
    return ['oauth.assertion', 'is required for the jwt_bearer grant (the workload identity JWT)'];
  }
  if (grant === 'client_credentials' && settings.clientSecret === undefined && settings.privateKey === undefined) {
    return ['oauth.clientSecret', 'or "oauth.privateKey" is required for the client_credentials grant'];
  }
  if (settings.privateKey !== undefined && settings.clientId === undefined) {
    return ['oauth.clientId', 'is required with "oauth.privateKey" (it is the JWT issuer and subject)'];
  }
  if (method === 'private_key_jwt' && settings.privateKey === undefined) {
    return ['oauth.privateKey', 'is required for token endpoint authentication "private_key_jwt"'];
  }
  if ((method === 'client_secret_basic' || method === 'client_secret_post') && settings.clientSecret === undefined) {
    return ['oauth.clientSecret', `is required for token endpoint authentication "${method}"`];
  }
  if (settings.clientSecret !== undefined && settings.clientId === undefined) {
    return ['oauth.clientId', 'is required with "oauth.clientSecret"'];
  }
  if (settings.clientMetadataUrl !== undefined) {
    const parsed = URL.canParse(settings.clientMetadataUrl) ? new URL(settings.clientMetadataUrl) : undefined;
    if (parsed?.protocol !== 'https:' || parsed.pathname === '/') {
      return ['oauth.clientMetadataUrl', 'must be an https URL with a path (it becomes the client id)'];
    }
  }
  return undefined;
}
