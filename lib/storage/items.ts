import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { summaryRecord } from '../number-summary';
import { createCollection, type Selection } from './collection';
import { database, followStores, writeStores } from './db';
import { withMutex } from './mutex';
import {
  AccountsMetaSchema,
  AccountsSchema,
  EngineStateSchema,
  NumberRegistrationSchema,
  NumberStateSchema,
  NumberSummarySchema,
  PinEntrySchema,
  SettingsSchema,
  TokenStatusSchema,
  WabaStateSchema,
  type Accounts,
  type AccountsMeta,
  type EngineState,
  type Settings,
  type TokenStatus,
} from './schemas';

/**
 * Where everything is kept. The background is the only writer; the extension's pages read and follow
 * changes. Content scripts read none of it (they get a sanitised mirror in storage.session, see
 * lib/display-state.ts).
 *
 * - IndexedDB (./db.ts): the token and its status, PINs, numbers (and their derived summaries),
 *   registrations, WABAs: per-record, so a change writes what changed; only the extension's origin
 *   opens it.
 * - storage.local: small whole items (settings, engine state, the schema version).
 *
 * Reads are validated with zod and tolerant: a malformed record or entry drops only itself; a value
 * that is not even the right kind of thing reads as the item's fallback. Writes of one item or store
 * are serialised (read-modify-write under a named mutex).
 */
export interface TypedItem<T> {
  /** Names the item in caches (`local:settings`, `idb:tokenStatus`). */
  readonly key: string;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Atomic read-modify-write; returns the new value. */
  update(fn: (current: T) => T | Promise<T>): Promise<T>;
  watch(cb: (value: T) => void): () => void;
  /** Validates a raw stored value the way getValue does. */
  parse(raw: unknown): T;
}

function parser<T>(schema: z.ZodMiniType<T>, fallback: () => T): (raw: unknown) => T {
  return (value) => {
    if (value === null || value === undefined) return fallback();
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback();
  };
}

/** An item of storage.local. */
function localItem<T>(key: `local:${string}`, schema: z.ZodMiniType<T>, fallback: () => T): TypedItem<T> {
  // browser.storage.local itself (the key without its `local:` area), read on use: WXT's storage helper
  // would add 7 KB to every bundle for three calls.
  const parse = parser(schema, fallback);
  const name = key.slice('local:'.length);
  const read = async (): Promise<unknown> => (await browser.storage.local.get(name))[name];
  const write = (value: unknown) => browser.storage.local.set({ [name]: value });
  return {
    key,
    getValue: async () => parse(await read()),
    setValue: (value) => write(value),
    update: (fn) =>
      withMutex(key, async () => {
        const current = parse(await read());
        const next = await fn(current);
        // Unchanged (the same value back): nothing is written, so nothing is re-created after a clear.
        if (next !== current) await write(next);
        return next;
      }),
    watch: (cb) => {
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && name in changes) cb(parse(changes[name]!.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    parse,
  };
}

/** A named value in IndexedDB's `kv` store. */
function kvItem<T>(name: string, schema: z.ZodMiniType<T>, fallback: () => T): TypedItem<T> {
  const parse = parser(schema, fallback);
  const read = async () => parse(await (await database()).get('kv', name));
  const write = (value: T) => writeStores(['kv'], (tx) => [tx.objectStore('kv').put(value, name)]);
  return {
    key: `idb:${name}`,
    getValue: read,
    setValue: write,
    update: (fn) =>
      withMutex(`kv:${name}`, async () => {
        const current = await read();
        const next = await fn(current);
        if (next !== current) await write(next);
        return next;
      }),
    watch: (cb) => followStores(['kv'], read, cb),
    parse,
  };
}

export const settingsItem = localItem<Settings>('local:settings', SettingsSchema, () => SettingsSchema.parse({}));
export const engineItem = localItem<EngineState>('local:engine', EngineStateSchema, () => EngineStateSchema.parse({}));
export const schemaVersionItem = localItem<number>('local:schemaVersion', z.number().check(z.int()), () => 0);

export const tokenItem = kvItem<string | null>('token', z.nullable(z.string()), () => null);
export const tokenStatusItem = kvItem<TokenStatus>('tokenStatus', TokenStatusSchema, () => TokenStatusSchema.parse({ state: 'none' }));
export const accountsMetaItem = kvItem<AccountsMeta>('accountsMeta', AccountsMetaSchema, () => AccountsMetaSchema.parse({}));

/** Numbers; each write also writes the number's summary (what lists, counts and the badge read). */
export const numbersItem = createCollection({
  store: 'numbers',
  schema: NumberStateSchema,
  derived: { store: 'summaries', from: summaryRecord },
});
/** The lean, indexed view of numbers (read-only: derived by numbersItem's writes). */
export const numberSummariesItem = createCollection({ store: 'summaries', schema: NumberSummarySchema });
export const registrationsItem = createCollection({ store: 'registrations', schema: NumberRegistrationSchema });
/** Two-step verification PINs. Never sent to a content script, never exported. */
export const pinsItem = createCollection({ store: 'pins', schema: PinEntrySchema });
export const wabasItem = createCollection({ store: 'wabas', schema: WabaStateSchema });

/**
 * The WABAs (one record each) and what discovery last found (one kv record), as one `Accounts` value.
 * `update` with `wabaIds` reads and writes only those WABAs (a sweep batch); without, all of them.
 */
export const accountsItem = {
  key: 'idb:accounts',
  parse: (raw: unknown): Accounts => parser(AccountsSchema, () => AccountsSchema.parse({}))(raw),
  getWaba: (id: string) => wabasItem.get(id),
  async getValue(): Promise<Accounts> {
    const [wabas, meta] = await Promise.all([wabasItem.getValue(), accountsMetaItem.getValue()]);
    return { ...meta, wabas };
  },
  async setValue(value: Accounts): Promise<void> {
    const { wabas, ...meta } = value;
    await wabasItem.setValue(wabas);
    await accountsMetaItem.setValue(meta);
  },
  update(fn: (current: Accounts) => Accounts | Promise<Accounts>, wabaIds?: Iterable<string>): Promise<Accounts> {
    return withMutex('accounts', async () => {
      const meta = await accountsMetaItem.getValue();
      let next: Accounts | undefined;
      const select: Selection | undefined = wabaIds ? { ids: wabaIds } : undefined;
      await wabasItem.update(async (wabas) => {
        next = await fn({ ...meta, wabas });
        return next.wabas;
      }, select);
      const { wabas: _wabas, ...nextMeta } = next!;
      if (nextMeta.discoveredAt !== meta.discoveredAt || nextMeta.discoveryErrors !== meta.discoveryErrors)
        await accountsMetaItem.setValue(nextMeta);
      return next!;
    });
  },
  watch(cb: (value: Accounts) => void): () => void {
    return followStores(['wabas', 'kv'], () => accountsItem.getValue(), cb);
  },
};
export type AccountsStore = typeof accountsItem;

/** The token and its status, read and written together: no reader ever sees one without the other. */
export interface TokenPair {
  token: string | null;
  status: TokenStatus;
}

export const tokenPairItem = {
  async getValue(): Promise<TokenPair> {
    const tx = (await database()).transaction('kv');
    const [token, status] = await Promise.all([tx.store.get('token'), tx.store.get('tokenStatus')]);
    return { token: tokenItem.parse(token), status: tokenStatusItem.parse(status) };
  },
  /** Atomic read-modify-write of both, in one transaction (under the status's mutex, like tokenStatusItem.update). */
  update(fn: (current: TokenPair) => TokenPair | Promise<TokenPair>): Promise<TokenPair> {
    return withMutex('kv:tokenStatus', async () => {
      const current = await tokenPairItem.getValue();
      const next = await fn(current);
      if (next !== current) {
        await writeStores(['kv'], (tx) => [
          tx.objectStore('kv').put(next.token, 'token'),
          tx.objectStore('kv').put(next.status, 'tokenStatus'),
        ]);
      }
      return next;
    });
  },
};

/**
 * Runs `fn` while holding every lock a write of stored data takes, in one fixed order (the order nested
 * updates already take them: accounts before wabas, registrations before pins). "Forget all data" clears
 * under it, so no read-modify-write started before can write back what it read after the clear.
 */
export function withEveryStoreLocked<T>(fn: () => Promise<T>): Promise<T> {
  const order = [
    'migration',
    'accounts',
    'wabas',
    'registrations',
    'pins',
    'numbers',
    'summaries',
    'kv:tokenStatus',
    'kv:token',
    'kv:accountsMeta',
  ];
  const run = (i: number): Promise<T> => (i === order.length ? fn() : withMutex(order[i]!, () => run(i + 1)));
  return run(0);
}

/** Everything the engine stores, as one dependency. */
export const stores = {
  token: tokenItem,
  tokenStatus: tokenStatusItem,
  tokenPair: tokenPairItem,
  settings: settingsItem,
  accounts: accountsItem,
  numbers: numbersItem,
  /** Read-only: indexed reads (by decision, by state) instead of reading every number. */
  summaries: numberSummariesItem,
  registrations: registrationsItem,
  pins: pinsItem,
  engine: engineItem,
} as const;
export type Stores = typeof stores;
