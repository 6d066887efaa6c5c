import { requireScopes, type ScopeChallengeHandler } from '@modelcontextprotocol/server';

/**
 * @internal The `scopeChallenge` for a tool that needs `scopes` (none: no challenge).
 *
 * Why the SDK's scope challenge rather than a check in the handler: the SDK consults it before the request is
 * dispatched, in both eras (the stateless 2026 handler and the 2025 session transport), and answers exactly what
 * the MCP authorization spec asks of a step-up: HTTP 403 with `WWW-Authenticate: Bearer error="insufficient_scope",
 * scope="…", resource_metadata="…"`, which SDK clients turn into a re-authorization. A handler check could only
 * answer inside a 200 (a tool error or a JSON-RPC error), which no client treats as a scope challenge, and it would
 * start task or workflow machinery first.
 *
 * `requireScopes` alone lets unauthenticated requests through ("left to the authentication gate"); this one
 * refuses them, so a scoped tool served over HTTP without `auth` fails closed instead of running for anyone. The
 * challenge never runs over stdio, where MCP authorization does not apply (the spec: credentials come from the
 * environment). Scopes must follow the OAuth `scope-token` grammar (no spaces or quotes), else this throws.
 */
export function toScopeChallenge(scopes: readonly string[] | undefined): ScopeChallengeHandler | undefined {
  const [first, ...rest] = scopes ?? [];
  if (first === undefined) return undefined;
  const required = [first, ...rest] as const;
  const challenge = requireScopes(...required);
  return (context) => (context.authInfo === undefined ? { scopes: required } : challenge(context));
}
