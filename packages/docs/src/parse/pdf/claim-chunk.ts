/**
 * @internal The pages of the next chunk a scanning thread takes, or undefined when none are left or the scan must stop.
 * `claims` is an `Int32Array` over a `SharedArrayBuffer` every thread of one parse shares: `[next chunk index, stop
 * flag]`. Taking chunks from one atomic counter balances the threads without a round trip to hand out work.
 */
export function claimChunk(claims: Int32Array, chunk: number, total: number): [number, number] | undefined {
  if (Atomics.load(claims, 1) !== 0) return undefined;
  const from = Atomics.add(claims, 0, 1) * chunk + 1;
  return from > total ? undefined : [from, Math.min(total, from + chunk - 1)];
}

/** @internal Tells every thread scanning with these `claims` to stop taking pages. */
export function stopClaims(claims: Int32Array): void {
  Atomics.store(claims, 1, 1);
}

/** @internal Whether the threads scanning with these `claims` were told to stop. */
export function claimsStopped(claims: Int32Array): boolean {
  return Atomics.load(claims, 1) !== 0;
}
