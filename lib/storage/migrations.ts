import type * as z from 'zod/mini';
import { summaryRecord } from '../number-summary';
import { STORE_NAMES, writeStores } from './db';
import { withMutex } from './mutex';
import { recordOf } from './tolerant';
import { AccountsSchema, NumberRegistrationSchema, NumberStateSchema, PinEntrySchema, TokenStatusSchema } from './schemas';

/**
 * Store-wide schema versions and the migrations between them. Run by the background on every worker
 * start (lib/storage/migration-runner.ts), before requests that need migrated storage are answered; a
 * failure is reported to the options page and retried there, on the next start or on the next alarm.
 * The version stamp (`schemaVersion` in storage.local) moves only after a migration completed, so one
 * interrupted half-way runs again whole: each is written to be safe to repeat.
 *
 * v1 - the foundation release: only `graphToken` (a string) in storage.local.
 * v2 - the health engine: token status, settings, accounts, numbers, registrations, PINs, engine state,
 *      each a whole item in storage.local.
 * v3 - 10,000 numbers: the token and its status, accounts, numbers, registrations and PINs move to
 *      IndexedDB, one record each (./db.ts); settings, engine state and the version stay in storage.local.
 */
export const CURRENT_SCHEMA_VERSION = 3;

export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** The v2 keys that move to IndexedDB in v3 (`numberSummaries` is derived again there, per number). */
const V2_MOVED_KEYS = ['graphToken', 'tokenStatus', 'accounts', 'numbers', 'numberSummaries', 'registrations', 'pins'];

const parsedOr = <T>(schema: z.ZodMiniType<T>, raw: unknown, fallback: () => T): T => {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : fallback();
};

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
  3: async (area) => {
    const raw = await area.get(V2_MOVED_KEYS);
    // Nothing left to move (an earlier run moved it and removed the v2 keys, then died before the stamp):
    // IndexedDB already holds it, and must not be emptied.
    if (V2_MOVED_KEYS.every((k) => raw[k] === undefined)) return;
    // Read as v2's items read them (tolerant: a malformed entry drops only itself), written in one
    // transaction (emptied first, so a repeat after an interruption ends with exactly this), and only
    // then removed from storage.local.
    const token = typeof raw.graphToken === 'string' ? raw.graphToken : null;
    const status = parsedOr(TokenStatusSchema, raw.tokenStatus, () => TokenStatusSchema.parse({ state: token ? 'unchecked' : 'none' }));
    const { wabas, ...accountsMeta } = parsedOr(AccountsSchema, raw.accounts, () => AccountsSchema.parse({}));
    const numbers = recordOf(NumberStateSchema).parse(raw.numbers);
    const registrations = recordOf(NumberRegistrationSchema).parse(raw.registrations);
    const pins = recordOf(PinEntrySchema).parse(raw.pins);
    await writeStores(STORE_NAMES, (tx) => {
      const ops: Array<Promise<unknown>> = STORE_NAMES.map((s) => tx.objectStore(s).clear());
      const kv = tx.objectStore('kv');
      ops.push(kv.put(token, 'token'), kv.put(status, 'tokenStatus'), kv.put(accountsMeta, 'accountsMeta'));
      for (const [id, w] of Object.entries(wabas)) ops.push(tx.objectStore('wabas').put(w, id));
      for (const [id, n] of Object.entries(numbers)) {
        ops.push(tx.objectStore('numbers').put(n, id), tx.objectStore('summaries').put(summaryRecord(n), id));
      }
      for (const [id, r] of Object.entries(registrations)) ops.push(tx.objectStore('registrations').put(r, id));
      for (const [id, p] of Object.entries(pins)) ops.push(tx.objectStore('pins').put(p, id));
      return ops;
    });
    await area.remove(V2_MOVED_KEYS);
  },
};

/**
 * Detects the stored version (0 = fresh install) and runs every migration above it, in order; one run at a
 * time, and never while "Forget all data" clears (the same lock: lib/storage/items.ts withEveryStoreLocked).
 */
export function migrateStorage(area: StorageAreaLike): Promise<{ from: number; to: number }> {
  return withMutex('migration', () => migrate(area));
}

async function migrate(area: StorageAreaLike): Promise<{ from: number; to: number }> {
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
