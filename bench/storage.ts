/**
 * Storage design benchmark for issue 10 ("10,000 numbers"): `npx tsx bench/storage.ts` -> bench/STORAGE.md
 * (the generated part, between the `generated` markers; the hand-written analysis around it is kept).
 *
 * Standalone on purpose (not part of `npm run bench`): it needs no product build, takes ~2-3 minutes and
 * measures candidate designs, not the product. It generates a throwaway MV3 extension into a temp dir
 * (a service worker and one page sharing one esbuild bundle, plus a content script) and loads it twice in
 * headless Chromium: extension A with `storage` only (today's permissions, 10 MB storage.local quota) and
 * extension B with `storage` + `unlimitedStorage`. Designs, each at 1,000 and 10,000 numbers (5 numbers
 * per WABA, 4 WABAs per portfolio), medians of BENCH_RUNS (default 5) runs:
 *
 * - `wholemap`: today's layout, one storage.local key per collection (`numbers`, `numberSummaries`);
 *   run in A (quota as shipped) and in B (the same with the quota lifted, to see its costs at 10k).
 * - `perkey`: storage.local in B, `n:<id>` + `s:<id>` per number, index keys per severity bucket
 *   (`x:r<rank>`, entries "display\tid" sorted), `x:counts`, `x:display` (prefix search), `w:<waba>`.
 * - `idb`: IndexedDB through `idb` 8 in A: store `numbers` (keyPath id), indexes [rank+display], wabaId,
 *   businessId, display.
 * - `dexie`: the same schema through Dexie 4, with liveQuery for change notification.
 *
 * Records are generated in the page: NumberState-like (~1.3 KB: Graph snapshot with health_status
 * entities, reasons, history) and the product's own summary of it (lib/number-summary.ts, bundled in).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Runs of the multi-second operations at 10,000 numbers (writing everything; every whole-map operation). */
const HEAVY_RUNS = Math.min(RUNS, 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
/** Comma-separated backends to run (wholemap, perkey, idb, dexie); all by default. For debugging. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = process.cwd();
/** Where the generated tables go (between the markers; the hand-written text around them is kept). */
const OUT = path.resolve(process.env.BENCH_STORAGE_OUT ?? 'bench/STORAGE.md');
const CS_URL = 'https://storage-bench.test/page.html';

// ---------------------------------------------------------------------------------------------------
// In-browser code (page, worker and content script share one bundle). Plain JS in a string so that it
// can be bundled with idb, dexie and the product's summariser; no backticks or template placeholders.
// ---------------------------------------------------------------------------------------------------
const BROWSER_SRC = String.raw`
import { openDB, deleteDB } from 'idb';
import Dexie, { liveQuery } from 'dexie';
import { summariseNumber } from './lib/number-summary.ts';

const isPage = typeof document !== 'undefined';
const isContentScript = isPage && location.protocol !== 'chrome-extension:';
const RANK = { blocked: 0, stuck: 1, attention: 2, unknown: 3, healthy: 4 }; // worst first (HEALTH_SEVERITY reversed)
const RANKS = [0, 1, 2, 3, 4];
const HEALTH_OF_RANK = ['blocked', 'stuck', 'attention', 'unknown', 'healthy'];
const collator = new Intl.Collator(undefined, { numeric: true });
const enc = new TextEncoder();
const bytesOf = (v) => enc.encode(JSON.stringify(v)).length;
const now = () => performance.now();
const clock = () => performance.timeOrigin + performance.now();
const T0 = 1795000000000;
const DAY = 86400000;
const pad = (n, w) => String(n).padStart(w, '0');

// ---- data --------------------------------------------------------------------------------------
function healthOf(i) {
  const r = (i * 7919) % 100;
  return r < 2 ? 'blocked' : r < 6 ? 'stuck' : r < 12 ? 'attention' : r < 15 ? 'unknown' : 'healthy';
}
const phoneId = (i) => String(106540000000000 + i * 37);
const wabaOf = (i) => Math.floor(i / 5);
const wabaId = (w) => String(201230000000000 + w * 13);
const businessId = (w) => String(301450000000000 + Math.floor(w / 4) * 11);
const displayOf = (i) => '+1 ' + (201 + (i % 700)) + '-555-' + pad(i, 4);
const SEARCH_PREFIX = '+1 30'; // area codes 300-309: a few rows at 1,000 numbers, more than 20 at 10,000

function canSend(h) { return h === 'blocked' ? 'BLOCKED' : h === 'attention' || h === 'stuck' ? 'LIMITED' : 'AVAILABLE'; }

function reasonsFor(h) {
  if (h === 'blocked') return [{ code: 'phone_banned', entity: 'PHONE_NUMBER', errorCode: 131031, detail: 'This phone number has been banned from using WhatsApp Business Platform.', solution: 'Request a review of the decision in Business Support Home: https://business.facebook.com/accountquality' }];
  if (h === 'stuck') return [{ code: 'not_registered', value: 'PENDING', detail: 'Registration did not complete: Cannot Create Certificate (100/2388001).' }, { code: 'name_pending', value: 'PENDING_REVIEW' }];
  if (h === 'attention') return [{ code: 'quality_low', value: 'YELLOW', entity: 'PHONE_NUMBER', detail: "Your phone number's quality rating is low. Your messaging limit may be lowered if quality does not improve." }];
  if (h === 'unknown') return [{ code: 'never_read' }];
  return [];
}

function makeNumber(i) {
  const h = healthOf(i), w = wabaOf(i), id = phoneId(i), pending = h === 'stuck';
  const phoneEntity = { entity_type: 'PHONE_NUMBER', id, can_send_message: canSend(h) };
  if (h === 'attention' || h === 'stuck') phoneEntity.additional_info = ['Your display name has not been approved yet. Your message limit will increase after the display name is approved.'];
  if (h === 'blocked') phoneEntity.errors = [{ error_code: 131031, error_description: 'This phone number has been banned from using WhatsApp Business Platform.', possible_solution: 'Request a review of the decision in Business Support Home: https://business.facebook.com/accountquality' }];
  const snapshot = {
    id,
    display_phone_number: displayOf(i),
    verified_name: 'Acme Retail ' + w + ' - Store line ' + ((i % 5) + 1),
    status: pending ? 'PENDING' : h === 'blocked' ? 'BANNED' : 'CONNECTED',
    quality_rating: h === 'attention' ? 'YELLOW' : 'GREEN',
    code_verification_status: 'VERIFIED',
    name_status: pending ? 'PENDING_REVIEW' : 'APPROVED',
    new_name_status: 'NONE',
    platform_type: pending ? 'NOT_APPLICABLE' : 'CLOUD_API',
    throughput: { level: pending ? 'NOT_APPLICABLE' : 'STANDARD' },
    whatsapp_business_manager_messaging_limit: 'TIER_1K',
    messaging_limit_tier: 'TIER_1K',
    account_mode: 'LIVE',
    is_pin_enabled: !pending,
    is_official_business_account: false,
    is_preverified_number: false,
    last_onboarded_time: '2026-05-14T09:21:07+0000',
    search_visibility: 'VISIBLE',
    health_status: {
      can_send_message: canSend(h),
      entities: [
        phoneEntity,
        { entity_type: 'WABA', id: wabaId(w), can_send_message: 'AVAILABLE' },
        { entity_type: 'BUSINESS', id: businessId(w), can_send_message: 'AVAILABLE' },
        { entity_type: 'APP', id: '987654321012345', can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' },
      ],
    },
  };
  const n = {
    id,
    wabaId: wabaId(w),
    snapshot,
    lastReadAt: T0 + i,
    stale: false,
    health: h,
    reasons: reasonsFor(h),
    decision: pending ? 'register' : 'none',
    history: [
      { at: T0 - 30 * DAY, to: 'unknown' },
      { at: T0 - 29 * DAY, from: 'unknown', to: h === 'unknown' ? 'healthy' : h },
      { at: T0 - 2 * DAY, from: h === 'unknown' ? 'healthy' : h, to: h },
    ],
    firstSeenAt: T0 - 30 * DAY,
  };
  if (h === 'stuck' || h === 'blocked') n.notifiedHealth = h;
  return n;
}

const displayKey = (n) => n.snapshot.display_phone_number;
const toRecord = (n, bizId) => Object.assign({}, n, { businessId: bizId, rank: RANK[n.health], display: displayKey(n) });
const entryOf = (n) => displayKey(n) + '\t' + n.id;
const cmpEntry = (a, b) => collator.compare(a, b);

let data = null; // { N, numbers: NumberState[], summaries, records, byId }
function gen(N) {
  const numbers = [], summaries = [], records = [];
  for (let i = 0; i < N; i++) {
    const n = makeNumber(i);
    numbers.push(n);
    summaries.push(summariseNumber(n));
    records.push(toRecord(n, businessId(wabaOf(i))));
  }
  data = { N, numbers, summaries, records };
  // The number that every update touches: a healthy one in the middle (its health flips on severity changes).
  let u = Math.floor(N / 2);
  while (healthOf(u) !== 'healthy') u++;
  data.updateId = phoneId(u);
  data.wabaId = wabaId(wabaOf(Math.floor(N / 3)));
  const total = (arr) => arr.reduce((s, v) => s + bytesOf(v), 0);
  return { N, numberBytes: total(numbers) / N, summaryBytes: total(summaries) / N, recordBytes: total(records) / N, updateId: data.updateId };
}

/** The change one sweep makes to one number: a new read, and (severity) a new health. */
function mutate(n, changeSeverity) {
  n.lastReadAt = (n.lastReadAt || T0) + 1000;
  if (changeSeverity) {
    const to = n.health === 'healthy' ? 'stuck' : 'healthy';
    n.history = n.history.concat([{ at: n.lastReadAt, from: n.health, to }]).slice(-20);
    n.health = to;
    n.reasons = reasonsFor(to);
    n.snapshot.health_status.can_send_message = canSend(to);
    n.snapshot.health_status.entities[0].can_send_message = canSend(to);
  }
  return n;
}

const local = () => chrome.storage.local;
const byView = (a, b) => RANK[a.health] - RANK[b.health] || collator.compare(a.snapshot?.display_phone_number ?? a.id, b.snapshot?.display_phone_number ?? b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// ---- backends ----------------------------------------------------------------------------------
// Every operation returns { bytes?: logical bytes written (JSON), ... }; timing is done by the caller.

const wholemap = {
  async reset() { await local().clear(); },
  async writeAll() {
    const numbers = {}, summaries = {};
    for (const n of data.numbers) numbers[n.id] = n;
    for (const s of data.summaries) summaries[s.id] = s;
    const errors = [];
    // Two writes, as the product does (the summary publisher writes after numbers changed).
    try { await local().set({ numbers }); } catch (e) { errors.push('numbers: ' + e.message); }
    try { await local().set({ numberSummaries: summaries }); } catch (e) { errors.push('numberSummaries: ' + e.message); }
    return { bytes: bytesOf(numbers) + bytesOf(summaries), error: errors.join('; ') || undefined };
  },
  async update(id, changeSeverity) {
    // Read-modify-write of the whole map, then the publisher re-derives and rewrites every summary.
    const { numbers } = await local().get('numbers');
    if (!numbers || !numbers[id]) throw new Error('nothing to update: the numbers write failed');
    mutate(numbers[id], changeSeverity);
    await local().set({ numbers });
    const summaries = {};
    for (const [k, n] of Object.entries(numbers)) summaries[k] = summariseNumber(n);
    await local().set({ numberSummaries: summaries });
    return { bytes: bytesOf(numbers) + bytesOf(summaries) };
  },
  async firstScreen() {
    const { numberSummaries } = await local().get('numberSummaries');
    return Object.values(numberSummaries || {}).sort(byView).slice(0, 20);
  },
  async counts() {
    const { numberSummaries } = await local().get('numberSummaries');
    const c = {};
    for (const s of Object.values(numberSummaries || {})) c[s.health] = (c[s.health] || 0) + 1;
    return c;
  },
  async search(prefix) {
    const { numberSummaries } = await local().get('numberSummaries');
    return Object.values(numberSummaries || {}).filter((s) => (s.snapshot?.display_phone_number ?? '').startsWith(prefix)).sort(byView).slice(0, 20);
  },
  async byWaba(w) {
    const { numberSummaries } = await local().get('numberSummaries');
    return Object.values(numberSummaries || {}).filter((s) => s.wabaId === w);
  },
  async bytes() { return { bytes: await local().getBytesInUse(null) }; },
  learn(id) {
    return new Promise((resolve) => {
      const l = (changes, area) => {
        if (area === 'local' && changes.numberSummaries) {
          chrome.storage.onChanged.removeListener(l);
          const t = clock();
          resolve({ t1: t, t2: t });
        }
      };
      chrome.storage.onChanged.addListener(l);
    });
  },
};

const bucketKey = (r) => 'x:r' + r;
const perkey = {
  async reset() { await local().clear(); },
  async writeAll() {
    const items = {}, buckets = [[], [], [], [], []], counts = {}, wabas = {}, all = [];
    for (const n of data.numbers) {
      items['n:' + n.id] = n;
      buckets[RANK[n.health]].push(entryOf(n));
      counts[n.health] = (counts[n.health] || 0) + 1;
      (wabas[n.wabaId] ||= []).push(n.id);
      all.push(entryOf(n));
    }
    for (const s of data.summaries) items['s:' + s.id] = s;
    for (const r of RANKS) items[bucketKey(r)] = buckets[r].sort(cmpEntry);
    for (const [w, ids] of Object.entries(wabas)) items['w:' + w] = ids;
    items['x:counts'] = counts;
    items['x:display'] = all.sort(cmpEntry);
    try { await local().set(items); } catch (e) { return { bytes: bytesOf(items), error: e.message }; }
    return { bytes: bytesOf(items) };
  },
  async update(id, changeSeverity) {
    const key = 'n:' + id;
    const n = (await local().get(key))[key];
    if (!n) throw new Error('number not stored');
    const before = n.health;
    mutate(n, changeSeverity);
    const items = { [key]: n, ['s:' + id]: summariseNumber(n) };
    if (n.health !== before) {
      // Move its index entry from one severity bucket to the other, and fix the counts.
      const from = bucketKey(RANK[before]), to = bucketKey(RANK[n.health]);
      const got = await local().get([from, to, 'x:counts']);
      const entry = entryOf(n);
      const src = got[from].filter((e) => e !== entry);
      const dst = got[to].slice();
      let lo = 0, hi = dst.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cmpEntry(dst[mid], entry) < 0) lo = mid + 1; else hi = mid; }
      dst.splice(lo, 0, entry);
      const counts = got['x:counts'];
      counts[before]--; counts[n.health] = (counts[n.health] || 0) + 1;
      items[from] = src; items[to] = dst; items['x:counts'] = counts;
    }
    await local().set(items);
    return { bytes: bytesOf(items) };
  },
  async idsToSummaries(ids) {
    const got = await local().get(ids.map((id) => 's:' + id));
    return ids.map((id) => got['s:' + id]);
  },
  async firstScreen() {
    const ids = [];
    for (const r of RANKS) {
      const key = bucketKey(r);
      const bucket = (await local().get(key))[key] || [];
      for (const e of bucket) { if (ids.length === 20) break; ids.push(e.slice(e.indexOf('\t') + 1)); }
      if (ids.length === 20) break;
    }
    return perkey.idsToSummaries(ids);
  },
  async counts() { return (await local().get('x:counts'))['x:counts']; },
  async search(prefix) {
    const all = (await local().get('x:display'))['x:display'] || [];
    let lo = 0, hi = all.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (all[mid] < prefix) lo = mid + 1; else hi = mid; }
    const ids = [];
    for (let k = lo; k < all.length && ids.length < 20 && all[k].startsWith(prefix); k++) ids.push(all[k].slice(all[k].indexOf('\t') + 1));
    return perkey.idsToSummaries(ids);
  },
  async byWaba(w) {
    const ids = (await local().get('w:' + w))['w:' + w] || [];
    return perkey.idsToSummaries(ids);
  },
  async bytes() { return { bytes: await local().getBytesInUse(null) }; },
  learn(id) {
    return new Promise((resolve) => {
      const key = 's:' + id;
      const l = (changes, area) => {
        if (area === 'local' && changes[key]) {
          chrome.storage.onChanged.removeListener(l);
          const t = clock();
          resolve({ t1: t, t2: t });
        }
      };
      chrome.storage.onChanged.addListener(l);
    });
  },
};

const IDB_NAME = 'bench-idb';
let idbDb = null;
async function idbOpen() {
  if (!idbDb) {
    idbDb = await openDB(IDB_NAME, 1, {
      // Another context deletes or upgrades the database: let it (the next use opens it again).
      blocking() { if (idbDb) { idbDb.close(); idbDb = null; } },
      upgrade(db) {
        const s = db.createObjectStore('numbers', { keyPath: 'id' });
        s.createIndex('severity', ['rank', 'display']);
        s.createIndex('wabaId', 'wabaId');
        s.createIndex('businessId', 'businessId');
        s.createIndex('display', 'display');
      },
    });
  }
  return idbDb;
}
let idbChannel = null;
const channel = () => (idbChannel ||= new BroadcastChannel('bench-idb-changes'));

async function idbUpdate(id, changeSeverity, durability) {
  const db = await idbOpen();
  const tx = db.transaction('numbers', 'readwrite', durability ? { durability } : undefined);
  const r = await tx.store.get(id);
  mutate(r, changeSeverity);
  r.rank = RANK[r.health];
  await tx.store.put(r);
  await tx.done;
  return { bytes: bytesOf(r) };
}

const idb = {
  async reset() { const db = await idbOpen(); await db.clear('numbers'); },
  async drop() { if (idbDb) { idbDb.close(); idbDb = null; } await deleteDB(IDB_NAME); },
  async writeAll() {
    const db = await idbOpen();
    const tx = db.transaction('numbers', 'readwrite');
    const store = tx.objectStore('numbers');
    for (const r of data.records) store.put(r);
    await tx.done;
    return { bytes: data.records.reduce((s, r) => s + bytesOf(r), 0) };
  },
  update: (id, changeSeverity) => idbUpdate(id, changeSeverity),
  updateStrict: (id, changeSeverity) => idbUpdate(id, changeSeverity, 'strict'),
  async firstScreen() { const db = await idbOpen(); return db.getAllFromIndex('numbers', 'severity', null, 20); },
  async counts() {
    const db = await idbOpen();
    const index = db.transaction('numbers').store.index('severity');
    const counts = await Promise.all(RANKS.map((r) => index.count(IDBKeyRange.bound([r], [r, []]))));
    const c = {};
    RANKS.forEach((r, k) => { c[HEALTH_OF_RANK[r]] = counts[k]; });
    return c;
  },
  async search(prefix) { const db = await idbOpen(); return db.getAllFromIndex('numbers', 'display', IDBKeyRange.bound(prefix, prefix + '\uffff'), 20); },
  async byWaba(w) { const db = await idbOpen(); return db.getAllFromIndex('numbers', 'wabaId', w); },
  async bytes() { const e = await navigator.storage.estimate(); return { bytes: e.usage }; },
  learn(id) {
    return new Promise((resolve) => {
      const bc = new BroadcastChannel('bench-idb-changes');
      bc.onmessage = async (ev) => {
        if (!ev.data.ids.includes(id)) return;
        const t1 = clock();
        bc.close();
        const db = await idbOpen();
        await db.get('numbers', id); // what the page does next: read the changed record
        resolve({ t1, t2: clock() });
      };
    });
  },
  // The writer's side of the notification: after the transaction completed.
  async writeAndNotify(id) {
    const r = await idbUpdate(id, true);
    channel().postMessage({ ids: [id] });
    return r;
  },
};

const DEXIE_NAME = 'bench-dexie';
let dexieDb = null;
function dexieOpen() {
  if (!dexieDb) {
    dexieDb = new Dexie(DEXIE_NAME);
    dexieDb.version(1).stores({ numbers: 'id, [rank+display], wabaId, businessId, display' });
  }
  return dexieDb;
}
const dexie = {
  async reset() { await dexieOpen().numbers.clear(); },
  async drop() { if (dexieDb) { dexieDb.close(); dexieDb = null; } await Dexie.delete(DEXIE_NAME); },
  async writeAll() {
    const db = dexieOpen();
    await db.transaction('rw', db.numbers, () => db.numbers.bulkPut(data.records));
    return { bytes: data.records.reduce((s, r) => s + bytesOf(r), 0) };
  },
  async update(id, changeSeverity) {
    const db = dexieOpen();
    let bytes = 0;
    await db.transaction('rw', db.numbers, async () => {
      const r = await db.numbers.get(id);
      mutate(r, changeSeverity);
      r.rank = RANK[r.health];
      await db.numbers.put(r);
      bytes = bytesOf(r);
    });
    return { bytes };
  },
  async firstScreen() { return dexieOpen().numbers.orderBy('[rank+display]').limit(20).toArray(); },
  async counts() {
    const db = dexieOpen();
    const counts = await db.transaction('r', db.numbers, () =>
      Promise.all(RANKS.map((r) => db.numbers.where('[rank+display]').between([r, Dexie.minKey], [r, Dexie.maxKey]).count())));
    const c = {};
    RANKS.forEach((r, k) => { c[HEALTH_OF_RANK[r]] = counts[k]; });
    return c;
  },
  async search(prefix) { return dexieOpen().numbers.where('display').startsWith(prefix).limit(20).toArray(); },
  async byWaba(w) { return dexieOpen().numbers.where('wabaId').equals(w).toArray(); },
  async bytes() { const e = await navigator.storage.estimate(); return { bytes: e.usage }; },
  learn(id) {
    // liveQuery: Dexie propagates a committed change to observers in other contexts (BroadcastChannel).
    let initial, sub, armedResolve;
    const armed = new Promise((r) => { armedResolve = r; });
    const learned = new Promise((resolve) => {
      sub = liveQuery(() => dexieOpen().numbers.get(id)).subscribe({
        next(v) {
          if (initial === undefined) { initial = v ? v.lastReadAt : null; armedResolve(); return; }
          if (v && v.lastReadAt !== initial) { const t = clock(); sub.unsubscribe(); resolve({ t1: t, t2: t }); }
        },
      });
    });
    learned.armed = armed;
    return learned;
  },
};

const BACKENDS = { wholemap, perkey, idb, dexie };

// ---- suites (called from the harness with page.evaluate) ----------------------------------------
const median = (v) => { const s = v.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b); if (!s.length) return NaN; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function timed(fn) {
  const t = now();
  try {
    const r = await fn();
    return { ms: now() - t, r };
  } catch (e) {
    return { ms: now() - t, error: String(e && e.message || e) };
  }
}

async function series(runs, fn) {
  const out = [];
  for (let k = 0; k < runs; k++) {
    const o = await timed(fn);
    out.push(o);
    if (o.error || (o.r && o.r.error)) break; // a failure (over quota) is reported once, not timed 5 times
  }
  // An exception, or an operation that reports a failed part (a write over quota), is an error.
  const errors = out.map((o) => o.error || (o.r && o.r.error)).filter(Boolean);
  return { ms: median(out.map((o) => (o.error ? NaN : o.ms))), all: out.map((o) => o.ms), bytes: out[0] && out[0].r && out[0].r.bytes, error: errors[0] };
}

async function suite(name, runs, heavyRuns) {
  const b = BACKENDS[name];
  const id = data.updateId;
  const res = { name, N: data.N };
  // Bytes: storage.local's own count, or the origin's usage delta around a write into a fresh database.
  if (b.drop) {
    await idb.drop();
    await dexie.drop();
    await new Promise((r) => setTimeout(r, 300));
    const before = (await b.bytes()).bytes;
    await b.writeAll();
    await new Promise((r) => setTimeout(r, 1000));
    res.bytesInUse = (await b.bytes()).bytes - before;
  }
  // Multi-second operations at 10,000 numbers get fewer runs (heavyRuns) to keep the whole run near
  // three minutes: writing everything (every design), and every operation of the whole-map design.
  const heavy = data.N >= 10000;
  const slow = heavy && name === 'wholemap' ? Math.min(runs, heavyRuns) : runs;
  res.runs = { writeAll: heavy ? Math.min(runs, heavyRuns) : runs, other: slow };
  res.writeAll = await series(res.runs.writeAll, async () => { await b.reset(); return b.writeAll(); });
  if (!b.drop) res.bytesInUse = (await b.bytes()).bytes;
  if (res.writeAll.error) {
    res.update = await series(1, () => b.update(id, false));
    return res;
  }
  // Whole map: the same code path whatever changed (both maps rewritten), so at 10,000 numbers (4+ s a
  // run) only the severity-changing variant is measured, to keep the run short.
  if (!(name === 'wholemap' && data.N >= 10000)) res.update = await series(slow, () => b.update(id, false));
  res.updateSeverity = await series(slow, () => b.update(id, true));
  if (b.updateStrict) res.updateStrict = await series(runs, () => b.updateStrict(id, true));
  let first;
  res.firstScreen = await series(slow, async () => { first = await b.firstScreen(); });
  res.firstScreenRows = (first || []).length;
  res.firstScreenHealth = (first || []).map((s) => s.health).slice(0, 3).join(',');
  let counts;
  res.counts = await series(slow, async () => { counts = await b.counts(); });
  res.countsValue = counts;
  let found;
  res.search = await series(slow, async () => { found = await b.search(SEARCH_PREFIX); });
  res.searchRows = (found || []).length;
  let waba;
  res.byWaba = await series(slow, async () => { waba = await b.byWaba(data.wabaId); });
  res.byWabaRows = (waba || []).length;
  return res;
}

/** Page side of one cross-context notification: arm the listener, ask the worker to write, wait. */
async function notify(name) {
  const b = BACKENDS[name];
  const id = data.updateId;
  const learned = b.learn(id);
  if (learned.armed) await learned.armed;
  const reply = await chrome.runtime.sendMessage({ op: 'write', backend: name, id });
  if (reply.error) return { error: reply.error };
  const got = await Promise.race([learned, new Promise((r) => setTimeout(() => r(null), 10000))]);
  if (!got) return { error: 'no notification within 10 s', writeMs: reply.writeMs };
  return { learnMs: got.t1 - reply.t0, withValueMs: got.t2 - reply.t0, writeMs: reply.writeMs };
}

/** A fresh page: the first screen from a cold start (including opening the database). */
async function cold(name) {
  const t = now();
  const b = BACKENDS[name];
  let openMs = 0;
  if (name === 'idb') { await idbOpen(); openMs = now() - t; }
  if (name === 'dexie') { await dexieOpen().open(); openMs = now() - t; }
  const rows = await b.firstScreen();
  const end = now();
  return { sinceNavigationMs: end, opMs: end - t, openMs, rows: rows.length };
}

/** Migration v2 -> IndexedDB: read today's whole maps, write one record per number, drop the old keys. */
async function migrate() {
  const t = now();
  const got = await local().get(['numbers', 'numberSummaries']);
  const readMs = now() - t;
  const numbers = got.numbers || {};
  const db = await openDB('bench-migrated', 1, {
    upgrade(d) {
      const s = d.createObjectStore('numbers', { keyPath: 'id' });
      s.createIndex('severity', ['rank', 'display']);
      s.createIndex('wabaId', 'wabaId');
      s.createIndex('businessId', 'businessId');
      s.createIndex('display', 'display');
    },
  });
  const tx = db.transaction('numbers', 'readwrite');
  let count = 0;
  for (const n of Object.values(numbers)) { tx.store.put(toRecord(n, null)); count++; }
  await tx.done;
  const writtenMs = now() - t;
  await local().remove(['numbers', 'numberSummaries']);
  const ms = now() - t;
  db.close();
  await deleteDB('bench-migrated');
  return { ms, readMs, writtenMs, count };
}

function env() {
  return {
    userAgent: navigator.userAgent,
    setAccessLevelLocal: typeof chrome.storage.local.setAccessLevel === 'function',
    quotaBytes: chrome.storage.local.QUOTA_BYTES,
    manifest: chrome.runtime.getManifest().name,
  };
}

globalThis.bench = { gen, suite, notify, cold, migrate, env };

// ---- worker --------------------------------------------------------------------------------------
if (!isPage) {
  // As the product does: storage.local closed to content scripts (where the browser supports it).
  chrome.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
  chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
    if (msg.op !== 'write') return false;
    (async () => {
      const t0 = clock();
      const t = now();
      if (msg.backend === 'idb') await idb.writeAndNotify(msg.id);
      else await BACKENDS[msg.backend].update(msg.id, true);
      return { t0, writeMs: now() - t };
    })().then(sendResponse, (e) => sendResponse({ error: String(e && e.message || e) }));
    return true;
  });
}

// ---- content script: what a WhatsApp Manager content script could reach ----------------------------
if (isContentScript) {
  (async () => {
    const out = {};
    try { const all = await chrome.storage.local.get(null); out.storageLocal = 'readable: ' + Object.keys(all).length + ' keys'; }
    catch (e) { out.storageLocal = 'denied: ' + String(e && e.message || e); }
    try { out.indexedDBOrigin = location.origin; out.indexedDBNames = (await indexedDB.databases()).map((d) => d.name); }
    catch (e) { out.indexedDBNames = 'error: ' + String(e && e.message || e); }
    document.documentElement.dataset.benchResult = JSON.stringify(out);
  })();
}

// ---- cold page -----------------------------------------------------------------------------------
if (isPage && !isContentScript) {
  const q = new URLSearchParams(location.search).get('cold');
  if (q) cold(q).then((r) => { globalThis.__cold = r; }, (e) => { globalThis.__cold = { error: String(e) }; });
}
`;

// ---------------------------------------------------------------------------------------------------
// Harness (Node)
// ---------------------------------------------------------------------------------------------------

interface Series {
  ms: number;
  all: number[];
  bytes?: number;
  error?: string;
}
interface SuiteResult {
  name: string;
  N: number;
  /** Runs behind each median: writing everything, and every other operation. */
  runs?: { writeAll: number; other: number };
  bytesInUse?: number;
  writeAll: Series;
  update?: Series;
  updateSeverity?: Series;
  updateStrict?: Series;
  firstScreen?: Series;
  firstScreenRows?: number;
  firstScreenHealth?: string;
  counts?: Series;
  countsValue?: Record<string, number>;
  search?: Series;
  searchRows?: number;
  byWaba?: Series;
  byWabaRows?: number;
}
interface NotifyRun {
  learnMs?: number;
  withValueMs?: number;
  writeMs?: number;
  error?: string;
}
interface ColdRun {
  sinceNavigationMs: number;
  opMs: number;
  openMs: number;
  rows: number;
  error?: string;
}
interface Row {
  label: string;
  ext: 'A' | 'B';
  backend: 'wholemap' | 'perkey' | 'idb' | 'dexie';
  suite: SuiteResult;
  cold: ColdRun[];
  notify: NotifyRun[];
}

type BenchGlobal = {
  bench: {
    gen(n: number): Promise<GenInfo> | GenInfo;
    suite(name: string, runs: number, heavyRuns: number): Promise<SuiteResult>;
    notify(name: string): Promise<NotifyRun>;
    migrate(): Promise<{ ms: number; readMs: number; writtenMs: number; count: number }>;
    env(): Record<string, unknown>;
  };
  __cold?: ColdRun;
};
interface GenInfo {
  N: number;
  numberBytes: number;
  summaryBytes: number;
  recordBytes: number;
  updateId: string;
}

const median = (values: number[]): number => {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const gz = (code: Uint8Array) => zlib.gzipSync(code, { level: 9 }).length;

async function bundle(contents: string, format: 'iife' | 'esm'): Promise<Uint8Array> {
  const out = await esbuild.build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.contents;
}

async function makeExtension(dir: string, name: string, permissions: string[], code: Uint8Array) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name,
    version: '1.0.0',
    permissions,
    background: { service_worker: 'bench.js' },
    content_scripts: [{ matches: ['https://storage-bench.test/*'], js: ['bench.js'], run_at: 'document_idle' }],
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'bench.html'),
    '<!doctype html><meta charset="utf-8"><title>storage bench</title><script src="bench.js"></script>',
  );
  fs.writeFileSync(path.join(dir, 'bench.js'), code);
}

async function extensionIds(context: BrowserContext): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (let t = 0; t < 100 && Object.keys(ids).length < 2; t++) {
    for (const w of context.serviceWorkers()) {
      const name = (await w.evaluate(() => chrome.runtime.getManifest().name)) as string;
      ids[name] = new URL(w.url()).host;
    }
    if (Object.keys(ids).length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ids['bench-A'] || !ids['bench-B']) throw new Error(`extensions not loaded: ${JSON.stringify(ids)}`);
  return ids;
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0]!;
  setTimeout(() => {
    console.error('storage bench: gave up after 10 minutes');
    process.exit(1);
  }, 10 * 60_000).unref();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-storage-bench-'));
  const code = await bundle(BROWSER_SRC, 'iife');
  const dirA = path.join(tmp, 'ext-a');
  const dirB = path.join(tmp, 'ext-b');
  await makeExtension(dirA, 'bench-A', ['storage'], code);
  await makeExtension(dirB, 'bench-B', ['storage', 'unlimitedStorage'], code);

  const sizes = {
    idb: gz(await bundle("export { openDB, deleteDB } from 'idb';", 'esm')),
    dexie: gz(await bundle("export { default as Dexie, liveQuery } from 'dexie';", 'esm')),
    dexieCore: gz(await bundle("export { default as Dexie } from 'dexie';", 'esm')),
  };

  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      `--disable-extensions-except=${dirA},${dirB}`,
      `--load-extension=${dirA},${dirB}`,
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const rows: Row[] = [];
  const gens: Record<number, GenInfo> = {};
  const migrations: Record<number, { ms: number; readMs: number; writtenMs: number; count: number }> = {};
  let envInfo: Record<string, unknown> = {};
  let isolation: Record<string, unknown> = {};
  try {
    const ids = await extensionIds(context);
    const open = async (ext: 'A' | 'B', query = '') => {
      const page = await context.newPage();
      page.on('crash', () => console.error(`page crashed: ${page.url()}`));
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(`chrome-extension://${ids[`bench-${ext}`]}/bench.html${query}`);
      return page;
    };
    const pages: Record<'A' | 'B', Page> = { A: await open('A'), B: await open('B') };
    envInfo = await pages.A.evaluate(() => (globalThis as unknown as BenchGlobal).bench.env());
    // Warm-up (not reported): every code path once on a small data set, so the first design measured
    // does not pay for the browser's and the extension's first use.
    for (const [ext, names] of [
      ['A', ['wholemap', 'idb', 'dexie']],
      ['B', ['perkey']],
    ] as const) {
      await pages[ext].evaluate((n) => (globalThis as unknown as BenchGlobal).bench.gen(n), 200);
      for (const name of names) {
        await pages[ext].evaluate((nm) => (globalThis as unknown as BenchGlobal).bench.suite(nm, 1, 1), name);
        await pages[ext].evaluate((nm) => (globalThis as unknown as BenchGlobal).bench.notify(nm), name);
      }
      await pages[ext].evaluate(() => chrome.storage.local.clear());
    }

    const plan: Array<Pick<Row, 'label' | 'ext' | 'backend'> & { minN?: number }> = [
      { label: 'storage.local whole map (today), no unlimitedStorage', ext: 'A', backend: 'wholemap' },
      // Below the quota the permission changes nothing, so this one only runs where today's layout fails.
      { label: 'storage.local whole map + unlimitedStorage', ext: 'B', backend: 'wholemap', minN: 10000 },
      { label: 'storage.local per key + unlimitedStorage', ext: 'B', backend: 'perkey' },
      { label: 'IndexedDB via idb 8.0.4', ext: 'A', backend: 'idb' },
      { label: 'IndexedDB via Dexie 4.4.7', ext: 'A', backend: 'dexie' },
    ];
    for (const N of SIZES) {
      for (const ext of ['A', 'B'] as const)
        gens[N] = await pages[ext].evaluate((n) => (globalThis as unknown as BenchGlobal).bench.gen(n), N);
      for (const p of plan) {
        if ((ONLY && !ONLY.includes(p.backend)) || N < (p.minN ?? 0)) continue;
        const t = Date.now();
        const page = pages[p.ext];
        const suite = await page.evaluate(([name, runs, heavy]) => (globalThis as unknown as BenchGlobal).bench.suite(name, runs, heavy), [
          p.backend,
          RUNS,
          HEAVY_RUNS,
        ] as const);
        const phases = { suite: (Date.now() - t) / 1000, cold: 0, notify: 0 };
        const coldRuns: ColdRun[] = [];
        const notifyRuns: NotifyRun[] = [];
        const runs = suite.runs?.other ?? RUNS;
        if (!suite.writeAll.error) {
          for (let k = 0; k < runs + 1; k++) {
            const fresh = await open(p.ext, `?cold=${p.backend}`);
            await fresh.waitForFunction(() => (globalThis as unknown as BenchGlobal).__cold !== undefined, null, { timeout: 30_000 });
            const r = await fresh.evaluate(() => (globalThis as unknown as BenchGlobal).__cold!);
            await fresh.close();
            if (k > 0) coldRuns.push(r); // the first load warms the browser's caches
          }
          phases.cold = (Date.now() - t) / 1000 - phases.suite;
          for (let k = 0; k < runs; k++)
            notifyRuns.push(await page.evaluate((name) => (globalThis as unknown as BenchGlobal).bench.notify(name), p.backend));
          phases.notify = (Date.now() - t) / 1000 - phases.suite - phases.cold;
        }
        rows.push({ label: p.label, ext: p.ext, backend: p.backend, suite, cold: coldRuns, notify: notifyRuns });
        console.log(
          `${N} ${p.ext}/${p.backend}: ${((Date.now() - t) / 1000).toFixed(1)} s (${JSON.stringify(phases)})${suite.writeAll.error ? ` (write failed: ${suite.writeAll.error})` : ''}`,
        );
        // Migration v2 -> IndexedDB from the first whole-map store that holds everything at this size.
        if (p.backend === 'wholemap' && !suite.writeAll.error && !migrations[N]) {
          migrations[N] = await page.evaluate(() => (globalThis as unknown as BenchGlobal).bench.migrate());
        }
      }
      // Free the space before the next size.
      for (const ext of ['A', 'B'] as const) await pages[ext].evaluate(() => chrome.storage.local.clear());
    }

    // Content-script isolation: what a content script on a web page can reach.
    await pages.A.evaluate(() => chrome.storage.local.set({ graphToken: 'secret-token' }));
    await context.route(CS_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>page</title><p>page</p>' }),
    );
    const web = await context.newPage();
    await web.goto(CS_URL);
    await web.waitForFunction(() => document.documentElement.dataset.benchResult !== undefined, null, { timeout: 15_000 });
    isolation = JSON.parse((await web.evaluate(() => document.documentElement.dataset.benchResult)) ?? '{}');
    await web.close();
  } finally {
    await context.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const seconds = (Date.now() - started) / 1000;
  const load = `${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`;
  const md = render(rows, gens, sizes, envInfo, isolation, migrations, seconds, load);
  writeGenerated(md);
  console.log(md);
}

// ---- report ----------------------------------------------------------------------------------------

const ms = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
const kb = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? 'n/a' : v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(2)} MB` : `${(v / 1024).toFixed(1)} KB`;
const cell = (s: Series | undefined, withBytes = false) =>
  !s
    ? 'not measured (same code path as the next column)'
    : s.error
      ? `**fails**${Number.isFinite(s.ms) ? ` (after ${ms(s.ms)} ms)` : ''}: ${s.error}`
      : `${ms(s.ms)} ms${withBytes && s.bytes !== undefined ? ` (${kb(s.bytes)})` : ''}`;

function render(
  rows: Row[],
  gens: Record<number, GenInfo>,
  sizes: Record<string, number>,
  env: Record<string, unknown>,
  isolation: Record<string, unknown>,
  migrations: Record<number, { ms: number; readMs: number; writtenMs: number; count: number }>,
  seconds: number,
  load: string,
): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const chromiumVersion = /Chrome\/([\d.]+)/.exec(String(env.userAgent ?? ''))?.[1] ?? 'unknown';
  const out: string[] = [
    `Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, headless Chromium ${chromiumVersion}; ${new Date().toISOString().slice(0, 10)}; 1-minute load average ${load} (other work shares the machine). ` +
      `Medians of ${RUNS} runs (${HEAVY_RUNS} at 10,000 numbers for writing everything and for every whole-map operation, each of which takes seconds; a write that fails is tried once); whole run ${seconds.toFixed(0)} s. Regenerate with \`npx tsx bench/storage.ts\`.`,
    '',
  ];
  for (const N of Object.keys(gens).map(Number)) {
    const gi = gens[N]!;
    out.push(
      `### ${N.toLocaleString('en-US')} numbers (${(N / 5).toLocaleString('en-US')} WABAs, ${(N / 20).toLocaleString('en-US')} portfolios)`,
      '',
      `Average record: NumberState ${Math.round(gi.numberBytes)} B, its summary ${Math.round(gi.summaryBytes)} B, IndexedDB record (NumberState + rank, display, businessId) ${Math.round(gi.recordBytes)} B (JSON bytes).`,
      '',
      '| design | write all | bytes in use | update one, same severity (bytes written) | update one, severity changes (bytes written) | first screen: worst 20 | counts by health | prefix search, 20 | one WABA |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const r of rows.filter((x) => x.suite.N === N)) {
      const s = r.suite;
      if (s.writeAll.error) {
        out.push(
          `| ${r.label} | ${cell(s.writeAll)} | ${kb(s.bytesInUse)} | ${cell(s.update, true)} | | (not measured: the data is not stored) | | | |`,
        );
        continue;
      }
      out.push(
        `| ${r.label} | ${cell(s.writeAll)} | ${kb(s.bytesInUse)} | ${cell(s.update, true)} | ${cell(s.updateSeverity, true)}${s.updateStrict ? `; strict durability ${cell(s.updateStrict)}` : ''} | ${cell(s.firstScreen)} | ${cell(s.counts)} | ${cell(s.search)} | ${cell(s.byWaba)} |`,
      );
    }
    out.push(
      '',
      '| design | cold page: navigation to worst 20 read | of which: the read (incl. opening the DB) | opening the DB | worker writes one number (severity changes) | page learns of it | page has the new value |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of rows.filter((x) => x.suite.N === N && !x.suite.writeAll.error)) {
      const errs = r.notify.filter((n) => n.error).map((n) => n.error);
      out.push(
        `| ${r.label} | ${ms(median(r.cold.map((c) => c.sinceNavigationMs)))} ms | ${ms(median(r.cold.map((c) => c.opMs)))} ms | ${r.backend === 'idb' || r.backend === 'dexie' ? `${ms(median(r.cold.map((c) => c.openMs)))} ms` : '-'} | ${ms(median(r.notify.map((n) => n.writeMs ?? Number.NaN)))} ms | ${errs.length === r.notify.length ? `**${errs[0]}**` : `${ms(median(r.notify.map((n) => n.learnMs ?? Number.NaN)))} ms`} | ${errs.length === r.notify.length ? 'n/a' : `${ms(median(r.notify.map((n) => n.withValueMs ?? Number.NaN)))} ms`} |`,
      );
    }
    const m = migrations[N];
    if (m) {
      out.push(
        '',
        `Migration v2 -> IndexedDB (one run, from the whole maps just measured${N >= 10000 ? ", in the unlimitedStorage extension: today's quota holds about 5,000 numbers, so a real v2 store is never this large" : ''}): read \`numbers\` + \`numberSummaries\` ${ms(m.readMs)} ms, written as ${m.count.toLocaleString('en-US')} records in one transaction by ${ms(m.writtenMs)} ms, old keys removed, total ${ms(m.ms)} ms.`,
      );
    }
    const check = rows.filter((x) => x.suite.N === N && x.suite.countsValue);
    if (check.length) {
      out.push(
        '',
        `Sanity: every design returned ${[...new Set(check.map((x) => x.suite.firstScreenRows))].join('/')} first-screen rows (worst: ${check[0]!.suite.firstScreenHealth}), ${[...new Set(check.map((x) => x.suite.searchRows))].join('/')} search rows, ${[...new Set(check.map((x) => x.suite.byWabaRows))].join('/')} rows for one WABA; counts ${JSON.stringify(check[0]!.suite.countsValue)}.`,
      );
    }
    out.push('');
  }
  out.push(
    '### Bundle size and isolation',
    '',
    `| library | minified + gzip -9 (esbuild --bundle --minify) |`,
    '|---|---|',
    `| idb 8.0.4 (\`openDB\`, \`deleteDB\`) | ${kb(sizes.idb)} |`,
    `| dexie 4.4.7 (\`Dexie\`) | ${kb(sizes.dexieCore)} |`,
    `| dexie 4.4.7 (\`Dexie\`, \`liveQuery\`) | ${kb(sizes.dexie)} |`,
    '',
    `storage.local quota without \`unlimitedStorage\`: ${String(env.quotaBytes)} bytes. \`storage.local.setAccessLevel\` available: ${String(env.setAccessLevelLocal)}. ` +
      `A content script on ${CS_URL} (the worker had called \`storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })\`, a token was stored): storage.local ${String(isolation.storageLocal)}; ` +
      `IndexedDB origin ${String(isolation.indexedDBOrigin)}, databases visible: ${JSON.stringify(isolation.indexedDBNames)}.`,
    '',
  );
  return out.join('\n');
}

const START = '<!-- generated by bench/storage.ts: start -->';
const END = '<!-- generated by bench/storage.ts: end -->';

function writeGenerated(md: string) {
  const block = `${START}\n${md}\n${END}`;
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  const next =
    a >= 0 && b > a
      ? current.slice(0, a) + block + current.slice(b + END.length)
      : `# Storage design measurements (issue 10)\n\n${block}\n`;
  fs.writeFileSync(OUT, next);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
