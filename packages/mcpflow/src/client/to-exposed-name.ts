import { createHash } from 'node:crypto';

/** The longest name most model APIs accept for a tool (and VS Code enforces), so the hub never exposes longer ones. */
export const maxExposedNameLength = 64;

/** A short, stable hash of `text`: 8 hex characters of its SHA-256. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Replaces every character outside `[A-Za-z0-9_-]` with `_`, the alphabet model APIs accept in tool names. */
export function sanitizeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Fits a sanitised name into {@link maxExposedNameLength}: a longer one keeps its head and gets `_` plus a hash of
 * the whole `identity`, so two long names that share a head still differ and the result never changes between runs.
 */
export function fitName(name: string, identity: string): string {
  if (name.length <= maxExposedNameLength) return name;
  const suffix = `_${shortHash(identity)}`;
  return `${name.slice(0, maxExposedNameLength - suffix.length)}${suffix}`;
}

/**
 * The name the hub exposes for a server's tool or prompt: `prefix + separator + name`, sanitised to
 * `[A-Za-z0-9_-]` and at most 64 characters. An empty prefix exposes the bare name.
 *
 * @example
 * ```ts
 * toExposedName('github', 'create issue', '__') // 'github__create_issue'
 * ```
 */
export function toExposedName(prefix: string, name: string, separator: string): string {
  const joined = prefix === '' ? name : `${prefix}${separator}${name}`;
  return fitName(sanitizeName(joined), `${prefix}\u0000${name}`);
}
