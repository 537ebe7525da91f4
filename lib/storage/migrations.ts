/**
 * Store-wide schema versions and the migrations between them. Run by the background on every worker
 * start (lib/storage/migration-runner.ts), before requests that need migrated storage are answered; a
 * failure is reported to the options page and retried there, on the next start or on the next alarm.
 *
 * The migrations below only add (v2 adds `tokenStatus`); none removes a key. Reads are a separate
 * matter: the typed items (./items.ts) drop malformed entries and keys their schemas do not name, and
 * the next write of an item stores what was read, so those are gone from storage after it.
 *
 * v1 - the foundation release: only `graphToken` (a string) in storage.local.
 * v2 - the health engine: token status, settings, accounts, numbers, registrations, PINs, engine state.
 */
export const CURRENT_SCHEMA_VERSION = 2;

export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

type Migration = (area: StorageAreaLike) => Promise<void>;

export const MIGRATIONS: Record<number, Migration> = {
  2: async (area) => {
    const { graphToken, tokenStatus } = await area.get(['graphToken', 'tokenStatus']);
    const hasToken = typeof graphToken === 'string' && graphToken.length > 0;
    if (tokenStatus === undefined) {
      // A v1 token was never validated: it is marked `unchecked` so the options page says so. The engine
      // does not check it on start: it uses an unchecked token like a valid one (only `invalid` stops
      // calls), the first Graph call answered with an auth error marks it invalid, and saving a token
      // again checks it with debug_token.
      await area.set({
        tokenStatus: { state: hasToken ? 'unchecked' : 'none', scopes: [], missingScopes: [], generation: hasToken ? 1 : 0 },
      });
    }
  },
};

/** Detects the stored version (0 = fresh install) and runs every migration above it, in order. */
export async function migrateStorage(area: StorageAreaLike): Promise<{ from: number; to: number }> {
  const { schemaVersion, graphToken } = await area.get(['schemaVersion', 'graphToken']);
  let from: number;
  if (typeof schemaVersion === 'number') from = schemaVersion;
  else from = graphToken !== undefined ? 1 : 0;

  if (from === 0) {
    await area.set({ schemaVersion: CURRENT_SCHEMA_VERSION });
    return { from, to: CURRENT_SCHEMA_VERSION };
  }
  for (let v = from + 1; v <= CURRENT_SCHEMA_VERSION; v++) {
    const migration = MIGRATIONS[v];
    if (migration) await migration(area);
    await area.set({ schemaVersion: v });
  }
  return { from, to: Math.max(from, CURRENT_SCHEMA_VERSION) };
}
