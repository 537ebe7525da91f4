import type * as z from 'zod/mini';
import { recordOf } from './tolerant';
import { type ChangedKeys, type Db, database, followStores, type StoreName, type WriteTx, writeStores } from './db';
import { withMutex } from './mutex';

/**
 * A keyed collection of records in one IndexedDB store, validated record by record (one malformed
 * record reads as absent and drops only itself). The background is its only writer; a write is one
 * transaction that puts or deletes only the records that changed (compared by identity: an update
 * function returns the same object for what it leaves alone), plus their derived records.
 */
export interface Collection<T> {
  /** Names the collection in caches. */
  readonly key: string;
  readonly store: StoreName;
  get(id: string): Promise<T | undefined>;
  getMany(ids: Iterable<string>): Promise<Record<string, T>>;
  /** The records whose `index` value is `value`. */
  where(index: string, value: string): Promise<Record<string, T>>;
  /** How many records have `value` under `index` (no record is read). */
  count(index: string, value: string): Promise<number>;
  /** Every record: O(all). For exports, tests, and collections that stay small (registrations). */
  getValue(): Promise<Record<string, T>>;
  /** Replaces the whole collection. */
  setValue(all: Record<string, T>): Promise<void>;
  /**
   * Atomic read-modify-write of the selected records: `fn` sees them (the absent ones are missing) and
   * returns the records that should be there; what it omits is deleted, what it leaves identical is
   * not written. Without a selection, the whole collection (O(all)).
   */
  update(fn: UpdateFn<T>, select?: Selection): Promise<Record<string, T>>;
  /** The whole collection again after changes (throttled: see followStores). */
  watch(cb: (value: Record<string, T>) => void): () => void;
  /** Validates a whole map the way getValue does (bad records dropped). */
  parse(raw: unknown): Record<string, T>;
}

export type UpdateFn<T> = (current: Record<string, T>) => Record<string, T> | Promise<Record<string, T>>;

/** Which records an update reads: these ids, and every record whose `index` value is one of `values`. */
export interface Selection {
  ids?: Iterable<string>;
  index?: { name: string; values: Iterable<string> };
}

export interface CollectionOptions<T> {
  store: StoreName;
  schema: z.ZodMiniType<T>;
  /** A record kept in another store, written and deleted in the same transaction as its source. */
  derived?: { store: StoreName; from: (value: T, id: string) => unknown };
}

export function createCollection<T>(options: CollectionOptions<T>): Collection<T> {
  const { store, schema, derived } = options;
  const parse = (raw: unknown): T | undefined => {
    if (raw === undefined || raw === null) return undefined;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  };

  /** Parsed records by key; the keys of malformed ones go to `bad` (an update deletes them). */
  function parseAll(keys: IDBValidKey[], values: unknown[], bad?: Set<string>): Record<string, T> {
    const out: Record<string, T> = {};
    keys.forEach((key, i) => {
      const value = parse(values[i]);
      if (value !== undefined) out[String(key)] = value;
      else if (values[i] !== undefined) bad?.add(String(key));
    });
    return out;
  }

  async function readAll(db: Db, bad?: Set<string>): Promise<Record<string, T>> {
    const tx = db.transaction(store);
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    return parseAll(keys, values, bad);
  }

  async function readMany(db: Db, ids: Iterable<string>, bad?: Set<string>): Promise<Record<string, T>> {
    const list = [...new Set(ids)];
    if (!list.length) return {};
    const tx = db.transaction(store);
    const values = await Promise.all(list.map((id) => tx.store.get(id)));
    return parseAll(list, values, bad);
  }

  async function readSelection(db: Db, select: Selection, bad: Set<string>): Promise<Record<string, T>> {
    const ids = new Set(select.ids ?? []);
    if (select.index) {
      const tx = db.transaction(store);
      const index = tx.store.index(select.index.name);
      const keyLists = await Promise.all([...new Set(select.index.values)].map((v) => index.getAllKeys(v)));
      for (const keys of keyLists) for (const key of keys) ids.add(String(key));
    }
    return readMany(db, ids, bad);
  }

  /** Queues the puts and deletes that turn `current` into `next` (only what differs), and deletes `bad` records. */
  function queueDiff(
    tx: WriteTx,
    current: Record<string, T>,
    next: Record<string, T>,
    replaceAll: boolean,
    bad: ReadonlySet<string> = new Set(),
  ): Array<Promise<unknown>> {
    const ops: Array<Promise<unknown>> = [];
    const main = tx.objectStore(store);
    const side = derived ? tx.objectStore(derived.store) : undefined;
    if (replaceAll) {
      ops.push(main.clear());
      if (side) ops.push(side.clear());
    }
    for (const [id, value] of Object.entries(next)) {
      if (!replaceAll && current[id] === value) continue;
      ops.push(main.put(value, id));
      if (side && derived) ops.push(side.put(derived.from(value, id), id));
    }
    if (!replaceAll) {
      for (const id of [...Object.keys(current), ...bad]) {
        if (id in next) continue;
        ops.push(main.delete(id));
        if (side) ops.push(side.delete(id));
      }
    }
    return ops;
  }

  const wholeMap = recordOf(schema);
  const stores: StoreName[] = derived ? [store, derived.store] : [store];

  async function writeDiff(
    current: Record<string, T>,
    next: Record<string, T>,
    replaceAll = false,
    bad?: ReadonlySet<string>,
  ): Promise<void> {
    if (!replaceAll && next === current && !bad?.size) return;
    let keys: ChangedKeys | undefined;
    if (!replaceAll) {
      const gone = [...Object.keys(current), ...(bad ?? [])].filter((id) => !(id in next));
      const changed = [...Object.keys(next).filter((id) => current[id] !== next[id]), ...gone];
      if (!changed.length) return;
      keys = Object.fromEntries(stores.map((s) => [s, changed]));
    }
    await writeStores(stores, (tx) => queueDiff(tx, current, next, replaceAll, bad), keys);
  }

  return {
    key: `idb:${store}`,
    store,
    get: async (id) => parse(await (await database()).get(store, id)),
    getMany: async (ids) => readMany(await database(), ids),
    getValue: async () => readAll(await database()),
    where: async (index, value) => {
      const source = (await database()).transaction(store).store.index(index);
      const [keys, values] = await Promise.all([source.getAllKeys(value), source.getAll(value)]);
      return parseAll(keys, values);
    },
    count: async (index, value) => (await database()).countFromIndex(store, index, value),
    setValue: (all) => withMutex(store, () => writeDiff({}, all, true)),
    update: (fn, select) =>
      withMutex(store, async () => {
        const db = await database();
        // A malformed record read here is deleted by this write (it reads as absent anyway).
        const bad = new Set<string>();
        const current = select ? await readSelection(db, select, bad) : await readAll(db, bad);
        const next = await fn(current);
        await writeDiff(current, next, false, bad);
        return next;
      }),
    watch: (cb) => followStores([store], async () => readAll(await database()), cb),
    parse: (raw) => wholeMap.parse(raw),
  };
}
