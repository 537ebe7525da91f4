import { type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';

/**
 * The extension's IndexedDB database: one record per number, registration, PIN and WABA, so a change
 * costs what it changes (a number re-read writes that number and its summary, not every number). It
 * lives in the extension's own origin: the worker and the extension's pages open it; content scripts
 * run in the page's origin and cannot (the token and PINs are here, in Firefox too, where
 * storage.local has no access levels). Opened through `idb` (a 1 KB promise wrapper kept by the
 * author of the IndexedDB spec tests); the reasons for IndexedDB are in bench/STORAGE.md and the README.
 *
 * Stores (out-of-line keys: the key is the number / WABA id, or the kv name):
 * - numbers        NumberState                  index wabaId
 * - summaries      NumberSummary + index fields  indexes order (worst first), state, decision, wabaId; derived
 *                  from numbers in the same transaction (lib/storage/number-records.ts)
 * - registrations  NumberRegistration
 * - pins           PinEntry (never exported, never sent to a content script)
 * - wabas          WabaState                    index businessId
 * - kv             token, tokenStatus, accountsMeta
 */
export const DB_NAME = 'waba-health';
export const DB_VERSION = 1;

export const STORE_NAMES = ['numbers', 'summaries', 'registrations', 'pins', 'wabas', 'kv'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export type Db = IDBPDatabase<unknown>;
export type WriteTx = IDBPTransaction<unknown, StoreName[], 'readwrite'>;

let opened: Promise<Db> | undefined;

/** The open database (opened once per context, re-opened after another context's upgrade closed it). */
export function database(): Promise<Db> {
  opened ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('numbers').createIndex('wabaId', 'wabaId');
        const summaries = db.createObjectStore('summaries');
        summaries.createIndex('order', 'order');
        summaries.createIndex('state', 'state');
        summaries.createIndex('decision', 'decision');
        summaries.createIndex('wabaId', 'wabaId');
        db.createObjectStore('registrations');
        db.createObjectStore('pins');
        db.createObjectStore('wabas').createIndex('businessId', 'businessId');
        db.createObjectStore('kv');
      }
    },
    // A newer version opened elsewhere (an update): let it upgrade; the next use opens the new one.
    blocking: () => {
      void opened?.then((db) => db.close());
      opened = undefined;
    },
    terminated: () => {
      opened = undefined;
    },
  }).catch((e) => {
    opened = undefined;
    throw e;
  });
  return opened;
}

/** Closes this context's connection and forgets it (tests start each case on a fresh factory). */
export async function closeDatabase(): Promise<void> {
  const db = opened;
  opened = undefined;
  if (db) (await db.catch(() => undefined))?.close();
}

/**
 * One readwrite transaction over `stores`: `fn` queues its puts and deletes synchronously (IndexedDB
 * commits a transaction as soon as it has nothing left to do, so no other await may sit in between);
 * resolves once it committed, then tells every context which stores changed.
 */
export async function writeStores(
  stores: readonly StoreName[],
  fn: (tx: WriteTx) => Array<Promise<unknown>>,
  keys?: ChangedKeys,
): Promise<void> {
  const db = await database();
  const tx = db.transaction([...stores], 'readwrite') as WriteTx;
  let ops: Array<Promise<unknown>>;
  try {
    ops = fn(tx);
  } catch (error) {
    // Nothing of a half-queued write commits (e.g. a value that cannot be cloned).
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
  await Promise.all([...ops, tx.done]);
  announceChange(stores, keys);
}

/** Empties every store (after "Forget all data"). */
export async function clearDatabase(): Promise<void> {
  await writeStores(STORE_NAMES, (tx) => STORE_NAMES.map((s) => tx.objectStore(s).clear()));
}

// ---- change notification -----------------------------------------------------------------------------
// IndexedDB has no change events: the writer (the background) posts the names of the stores a committed
// transaction changed on a BroadcastChannel, which reaches every page of the extension's origin (and
// only those); listeners in the writer's own context are called directly.

const CHANNEL = 'waba-health:storage';
/** The keys of the records a write put or deleted, per store (absent: the store changed as a whole). */
export type ChangedKeys = Partial<Record<StoreName, string[]>>;
type ChangeListener = (stores: StoreName[], keys?: ChangedKeys) => void;
const listeners = new Set<ChangeListener>();
let channel: BroadcastChannel | undefined;

const isStoreName = (v: unknown): v is StoreName => typeof v === 'string' && (STORE_NAMES as readonly string[]).includes(v);

function deliver(stores: StoreName[], keys?: ChangedKeys): void {
  for (const listener of [...listeners]) listener(stores, keys);
}

function openChannel(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  // Pages only need the store names (they re-read); the keys stay in the writer's context.
  channel.onmessage = (event: MessageEvent) => {
    const names = (event.data as { stores?: unknown } | null)?.stores;
    if (Array.isArray(names)) deliver(names.filter(isStoreName));
  };
  // Node (tests): a channel must not keep the process alive.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

/**
 * Calls `listener` with the names of the stores each committed write changed (in any context), and, in
 * the writer's own context, the keys of the records it changed.
 */
export function onStoresChanged(listener: ChangeListener): () => void {
  openChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announceChange(stores: readonly StoreName[], keys?: ChangedKeys): void {
  deliver([...stores], keys);
  openChannel()?.postMessage({ stores: [...stores] });
}

/** How often a page re-reads what it follows while the background keeps writing (a sweep writes every few hundred ms). */
export const FOLLOW_EVERY_MS = 1_000;

/**
 * Calls `cb` with `read()` after changes of `stores`: the first change at once, then at most once per
 * `everyMs` (the last change is always read), and never an older read after a newer one.
 */
export function followStores<T>(
  stores: readonly StoreName[],
  read: () => Promise<T>,
  cb: (value: T) => void,
  everyMs = FOLLOW_EVERY_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let seq = 0;
  let applied = 0;
  let stopped = false;
  const run = () => {
    timer = undefined;
    last = Date.now();
    const mine = ++seq;
    void read().then(
      (value) => {
        if (stopped || mine < applied) return;
        applied = mine;
        cb(value);
      },
      () => undefined,
    );
  };
  const stop = onStoresChanged((changed) => {
    if (stopped || timer !== undefined || !changed.some((s) => stores.includes(s))) return;
    timer = setTimeout(run, Math.max(0, last + everyMs - Date.now()));
  });
  return () => {
    stopped = true;
    stop();
    if (timer !== undefined) clearTimeout(timer);
  };
}
