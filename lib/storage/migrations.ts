/**
 * Store-wide schema versions and the migrations between them. Run by the background on install,
 * update and startup, before anything else touches storage. Nothing stored is dropped: a migration
 * only adds, renames or reshapes.
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
      // A v1 token was never validated: mark it so the engine checks it with debug_token on start.
      await area.set({ tokenStatus: { state: hasToken ? 'unchecked' : 'none', scopes: [], missingScopes: [], generation: hasToken ? 1 : 0 } });
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
