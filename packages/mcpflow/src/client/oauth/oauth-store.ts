import type { OAuthDiscoveryState, StoredOAuthClientInformation, StoredOAuthTokens } from '@modelcontextprotocol/client';

/** What the hub remembers about one authorization server (RFC 6749 §2.2: a client id belongs to its issuer). */
export interface IssuerCredentials {
  /** The registration (dynamic, CIMD or pre-registered), as stamped by the SDK. */
  client?: StoredOAuthClientInformation;
  tokens?: StoredOAuthTokens;
  /** When `tokens` were saved (ms since the epoch): with `expires_in` this says when the access token expires. */
  tokensSavedAt?: number;
}

/** Everything persisted for one server: discovery results and credentials per issuer. */
export interface ServerOAuthState {
  /** The last RFC 9728 / RFC 8414 discovery, so a restart need not rediscover. */
  discovery?: OAuthDiscoveryState;
  /** The loopback port the redirect URI was registered with, reused so the registration stays valid. */
  redirectPort?: number;
  /** The issuer whose tokens were saved last: the one the per-request bearer token comes from. */
  lastIssuer?: string;
  issuers: Record<string, IssuerCredentials>;
}

/**
 * Where the hub keeps OAuth client registrations and tokens, keyed by server and then by issuer. `key` is the
 * server's name and URL, so renaming a server or pointing it elsewhere never hands its tokens to another server.
 */
export interface OAuthStore {
  /** The state saved for `key`, or undefined when there is none. */
  read(key: string): Promise<ServerOAuthState | undefined>;
  /** Replaces the state saved for `key` (other keys are kept). */
  write(key: string, state: ServerOAuthState): Promise<void>;
}

/**
 * An OAuth store that lives as long as the process: nothing is written to disk, so every run registers and
 * authorises again. Use {@link createFileOAuthStore} to keep credentials across restarts.
 */
export function createMemoryOAuthStore(): OAuthStore {
  const states = new Map<string, ServerOAuthState>();
  return {
    read: async (key) => structuredClone(states.get(key)),
    write: async (key, state) => {
      states.set(key, structuredClone(state));
    },
  };
}
