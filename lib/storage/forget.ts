/**
 * "Forget all data": everything the extension keeps in the browser goes. The IndexedDB stores (token,
 * PINs, numbers, accounts, history, registrations), storage.local (settings, engine state),
 * storage.session (the display mirror), every alarm and the toolbar badge. The caller re-creates what a fresh install has (the sweep
 * alarm, the schema version stamp) and the token generation floor (see the `forgetAll` handler).
 */
export interface ClearDeps {
  database: () => Promise<void>;
  local: { clear(): Promise<void> };
  session: { clear(): Promise<void> };
  alarms: { clearAll(): Promise<unknown> };
  resetBadge: () => Promise<void>;
}

export async function clearExtensionData(deps: ClearDeps): Promise<void> {
  // Each step runs even when another fails (IndexedDB unavailable must not keep storage.local's data);
  // the first failure is reported after all of them.
  const steps = [deps.database, () => deps.local.clear(), () => deps.session.clear(), () => deps.alarms.clearAll(), deps.resetBadge];
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((e: unknown) => failures.push(e));
  if (failures.length) throw failures[0];
}
