/**
 * Serialises read-modify-write sections by name. Uses the Web Locks API (shared by the service worker
 * and extension pages of one extension) when present; otherwise (unit tests) a per-name promise chain.
 * The chain only orders work in flight: nothing here needs to survive a worker restart.
 */
const chains = new Map<string, Promise<unknown>>();

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : undefined;
}

export async function withMutex<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = lockManager();
  if (locks) return locks.request(`waba-health:${name}`, fn);
  const previous = chains.get(name) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(name, settled);
  try {
    return await run;
  } finally {
    if (chains.get(name) === settled) chains.delete(name);
  }
}
