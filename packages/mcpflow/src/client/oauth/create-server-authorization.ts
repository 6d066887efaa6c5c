import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FetchLike, OAuthClientProvider } from '@modelcontextprotocol/client';
import type { ServerDefinition } from '../server-definition.ts';
import { createFileOAuthStore } from './create-file-oauth-store.ts';
import { createHubOAuthProvider } from './create-hub-oauth-provider.ts';
import type { HubOAuthOptions } from './oauth-settings.ts';
import type { OAuthStore } from './oauth-store.ts';

/** What a server connection needs for OAuth: the provider for the SDK transport and the hooks around it. */
export interface ServerAuthorization {
  provider: OAuthClientProvider;
  /** Wraps the transport's fetch (undefined: the SDK's default). */
  wrapFetch: ((next: FetchLike) => FetchLike) | undefined;
  /** Runs before every connection attempt. */
  prepare(): Promise<void>;
  /** Finishes an interactive authorization the last request started; `false` when none is pending. */
  complete(): Promise<boolean>;
  /** Releases what is still open (a redirect listener waiting for the browser). */
  close(): Promise<void>;
}

/** The default store: one file in the user's home, created (0600) on the first registration or token. */
export function defaultOAuthStorePath(): string {
  return join(homedir(), '.mcpflow', 'oauth.json');
}

/**
 * Decides whether and how a server uses OAuth. stdio servers never do; HTTP servers do unless their `oauth` is
 * `false` or they carry a configured `Authorization` header. `store` is asked for lazily, so hubs without OAuth
 * servers never touch the default file.
 */
export function createServerAuthorization(
  definition: ServerDefinition,
  hub: HubOAuthOptions,
  store: () => OAuthStore,
  fetchFn?: FetchLike,
): ServerAuthorization | undefined {
  if (definition.transport === 'stdio') return undefined;
  const custom = hub.providers?.[definition.name];
  if (custom !== undefined) {
    return {
      provider: custom,
      wrapFetch: undefined,
      prepare: async () => undefined,
      complete: async () => false,
      close: async () => undefined,
    };
  }
  if (definition.oauth === false) return undefined;
  const hasHeader = Object.keys(definition.headers).some((header) => header.toLowerCase() === 'authorization');
  if (definition.oauth === undefined && hasHeader) return undefined;
  const provider = createHubOAuthProvider({
    server: definition.name,
    url: definition.url,
    settings: definition.oauth ?? {},
    hub,
    store: store(),
  });
  return {
    provider,
    wrapFetch: provider.wrapFetch,
    prepare: provider.prepare,
    complete: () => provider.completeAuthorization(fetchFn),
    close: provider.dispose,
  };
}

/** Memoises the default file store so every server of a hub shares one (serialised) writer. */
export function lazyStore(hub: HubOAuthOptions): () => OAuthStore {
  let store: OAuthStore | undefined = hub.store;
  return () => {
    store ??= createFileOAuthStore(defaultOAuthStorePath());
    return store;
  };
}
