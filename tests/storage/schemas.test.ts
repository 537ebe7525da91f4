import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as z from 'zod/mini';
import { DEFAULT_GRAPH_API_VERSION } from '@/lib/graph/config';
import {
  accountsItem,
  engineItem,
  numberSummariesItem,
  numbersItem,
  pinsItem,
  registrationsItem,
  settingsItem,
  tokenStatusItem,
  type TypedItem,
} from '@/lib/storage/items';
import { database, type StoreName } from '@/lib/storage/db';
import { arrayOf, lenientFields, recordOf } from '@/lib/storage/tolerant';

/**
 * Every stored collection is tolerant entry by entry: one malformed entry drops only itself, and a
 * malformed optional field reads as absent. One case per collection: [name, item, stored raw value,
 * what must be read back].
 */
const waba = (id: string, extra: object = {}) => ({ id, sources: ['token'], phoneIds: [], ...extra });
const summary = (id: string, extra: object = {}) => ({
  id,
  wabaId: '9',
  health: 'healthy',
  stale: false,
  reasons: [],
  decision: 'none',
  ...extra,
});
/** A full number: its summary's fields, and its history. */
const number = (id: string, extra: object = {}) => summary(id, { history: [], firstSeenAt: 1, ...extra });
const attempt = (at: number, extra: object = {}) => ({ at, mode: 'auto', outcome: 'error', code: 133005, ...extra });
const pin = (p: string) => ({ pin: p, source: 'user', at: 1 });

type Case = [string, Pick<TypedItem<unknown>, 'getValue'>, string, unknown, (value: any) => void];

const CASES: Case[] = [
  [
    'accounts.wabas: one bad WABA',
    accountsItem,
    'accounts',
    { wabas: { '1': waba('1', { name: 'Good' }), '2': { name: 'no id' }, '3': 'garbage', '4': waba('4') }, discoveredAt: 5 },
    (v) => {
      expect(Object.keys(v.wabas).sort()).toEqual(['1', '4']);
      expect(v.wabas['1'].name).toBe('Good');
      expect(v.discoveredAt).toBe(5);
    },
  ],
  [
    'accounts.discoveryErrors: one bad discovery error',
    accountsItem,
    'accounts',
    {
      wabas: { '1': waba('1') },
      discoveryErrors: [{ kind: 'auth', message: 'a', source: 'business' }, 'garbage', { kind: 'x', message: 'b', source: 7 }],
    },
    (v) => {
      expect(v.wabas['1']).toBeDefined();
      expect(v.discoveryErrors.map((e: { message: string }) => e.message)).toEqual(['a', 'b']);
      expect(v.discoveryErrors[1].source).toBeUndefined();
    },
  ],
  [
    'waba.sources and waba.phoneIds: one bad entry each',
    accountsItem,
    'accounts',
    { wabas: { '1': waba('1', { sources: ['token', 42, 'manual'], phoneIds: ['11', null, '12'], lastReadAt: 'yesterday' }) } },
    (v) => {
      expect(v.wabas['1']).toMatchObject({ sources: ['token', 'manual'], phoneIds: ['11', '12'] });
      expect(v.wabas['1'].lastReadAt).toBeUndefined();
    },
  ],
  [
    'settings.manualWabaIds: one bad manual WABA id',
    settingsItem,
    'settings',
    { manualWabaIds: ['123', '12-3', 456, '789'], intervalMinutes: 30 },
    (v) => {
      expect(v.manualWabaIds).toEqual(['123', '789']);
      expect(v.intervalMinutes).toBe(30);
    },
  ],
  [
    'tokenStatus.scopes / missingScopes: one bad scope each',
    tokenStatusItem,
    'tokenStatus',
    { state: 'valid', scopes: ['a', 1, 'b'], missingScopes: [{}, 'c'], generation: 3, expiresAt: 'soon' },
    (v) => {
      expect(v).toMatchObject({ state: 'valid', scopes: ['a', 'b'], missingScopes: ['c'], generation: 3 });
      expect(v.expiresAt).toBeUndefined();
    },
  ],
  [
    'numbers: one bad number',
    numbersItem,
    'numbers',
    { '1': number('1'), '2': 'garbage', '3': { id: '3' }, '4': number('4') },
    (v) => expect(Object.keys(v).sort()).toEqual(['1', '4']),
  ],
  [
    'number.reasons: one bad reason; a malformed optional field of another reads as absent',
    numbersItem,
    'numbers',
    { '1': number('1', { reasons: [{ code: 'A', value: 'x' }, { value: 'no code' }, { code: 'B', detail: 5 }] }) },
    (v) => expect(v['1'].reasons).toEqual([{ code: 'A', value: 'x' }, { code: 'B' }]),
  ],
  [
    'number.history: one bad transition',
    numbersItem,
    'numbers',
    {
      '1': number('1', {
        history: [
          { at: 1, to: 'stuck' },
          { at: 'then', to: 'healthy' },
          { at: 3, from: 'stuck', to: 'healthy' },
        ],
      }),
    },
    (v) => expect(v['1'].history.map((h: { at: number }) => h.at)).toEqual([1, 3]),
  ],
  [
    'numberSummaries: one bad summary, and one bad reason inside another',
    numberSummariesItem,
    'numberSummaries',
    { '1': summary('1', { reasons: [{ code: 'A' }, 7] }), '2': { wabaId: '9' } },
    (v) => {
      expect(Object.keys(v)).toEqual(['1']);
      expect(v['1'].reasons).toEqual([{ code: 'A' }]);
    },
  ],
  [
    'registrations: one bad registration record',
    registrationsItem,
    'registrations',
    { '1': { attempts: [attempt(1)], transientFailures: 1 }, '2': 'garbage', '3': { attempts: [], transientFailures: 0 } },
    (v) => expect(Object.keys(v).sort()).toEqual(['1', '3']),
  ],
  [
    'registration.attempts: one bad attempt drops only itself (the budget keeps counting the others)',
    registrationsItem,
    'registrations',
    {
      '1': {
        attempts: [attempt(1), attempt(2, { mode: 'sometimes' }), 'garbage', attempt(3, { code: 'x', message: 'kept' })],
        transientFailures: 2,
      },
    },
    (v) => {
      expect(v['1'].attempts.map((a: { at: number }) => a.at)).toEqual([1, 3]);
      expect(v['1'].attempts[1]).toEqual({ at: 3, mode: 'auto', outcome: 'error', message: 'kept' });
      expect(v['1'].transientFailures).toBe(2);
    },
  ],
  [
    'registration optional fields: a malformed one reads as absent, the record and its attempts stay',
    registrationsItem,
    'registrations',
    { '1': { attempts: [attempt(1)], blockedUntil: 'later', notBefore: 50, transientFailures: 'many', inFlight: { at: 'x' }, skipped: 3 } },
    (v) => {
      expect(v['1']).toMatchObject({ attempts: [attempt(1)], notBefore: 50, transientFailures: 0 });
      expect(v['1'].blockedUntil).toBeUndefined();
      expect(v['1'].inFlight).toBeUndefined();
      expect(v['1'].skipped).toBeUndefined();
    },
  ],
  [
    'pins: one bad PIN',
    pinsItem,
    'pins',
    { '1': pin('123456'), '2': pin('12'), '3': 'garbage', '4': pin('654321') },
    (v) =>
      expect(Object.fromEntries(Object.entries(v).map(([k, p]) => [k, (p as { pin: string }).pin]))).toEqual({
        '1': '123456',
        '4': '654321',
      }),
  ],
  [
    'engine.sweep: a malformed optional field reads as absent, the others kept',
    engineItem,
    'engine',
    { rateLimitedUntil: 9, sweep: { lastStartedAt: 1, lastFinishedAt: 2, lastCalls: 'three', progress: { done: 'x' } } },
    (v) => {
      expect(v.rateLimitedUntil).toBe(9);
      expect(v.sweep).toEqual({ lastStartedAt: 1, lastFinishedAt: 2 });
    },
  ],
];

/** Stores a raw value the way the item keeps it: a whole storage.local item, or one IndexedDB record per entry. */
async function storeRaw(key: string, raw: unknown): Promise<void> {
  const perRecord: Record<string, StoreName> = {
    numbers: 'numbers',
    numberSummaries: 'summaries',
    registrations: 'registrations',
    pins: 'pins',
  };
  const db = await database();
  if (key === 'accounts') {
    const { wabas, ...meta } = raw as { wabas: Record<string, unknown> };
    for (const [id, w] of Object.entries(wabas)) await db.put('wabas', w, id);
    await db.put('kv', meta, 'accountsMeta');
  } else if (key === 'tokenStatus') await db.put('kv', raw, 'tokenStatus');
  else if (perRecord[key]) for (const [id, v] of Object.entries(raw as object)) await db.put(perRecord[key], v, id);
  else await fakeBrowser.storage.local.set({ [key]: raw });
}

describe('stored data is tolerated entry by entry', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each(CASES)('%s', async (_name, item, key, raw, check) => {
    await storeRaw(key, raw);
    check(await item.getValue());
  });

  it('a read-modify-write keeps every good record (only the bad one is gone from storage)', async () => {
    await storeRaw('accounts', { wabas: { '1': waba('1'), '2': { broken: true }, '3': waba('3') } });
    await accountsItem.update((a) => ({ ...a, discoveredAt: 7 }));
    const db = await database();
    expect((await db.getAllKeys('wabas')).sort()).toEqual(['1', '3']);
    expect(await db.get('kv', 'accountsMeta')).toMatchObject({ discoveredAt: 7 });
  });

  it('a stored Graph version the client would refuse reads as the default', async () => {
    for (const bad of ['v23.0', 'v9.9', '25', 'latest', 25]) {
      await fakeBrowser.storage.local.set({ settings: { graphVersion: bad, intervalMinutes: 30 } });
      expect(await settingsItem.getValue(), String(bad)).toMatchObject({ graphVersion: DEFAULT_GRAPH_API_VERSION, intervalMinutes: 30 });
    }
    await fakeBrowser.storage.local.set({ settings: { graphVersion: 'v24.0' } });
    expect((await settingsItem.getValue()).graphVersion).toBe('v24.0');
  });
});

describe('tolerant helpers', () => {
  it('recordOf / arrayOf: non-collections read as empty ones', () => {
    expect(recordOf(z.number()).parse('x')).toEqual({});
    expect(recordOf(z.number()).parse([1])).toEqual({});
    expect(recordOf(z.number()).parse({ a: 1, b: 'x' })).toEqual({ a: 1 });
    expect(arrayOf(z.number()).parse({ 0: 1 })).toEqual([]);
    expect(arrayOf(z.number()).parse(undefined)).toEqual([]);
    expect(arrayOf(z.number()).parse([1, 'x', 2])).toEqual([1, 2]);
  });

  it('lenientFields: optional fields read as absent and defaults as defaults, required fields stay required', () => {
    const schema = lenientFields(z.object({ id: z.string(), n: z.optional(z.number()), list: z._default(z.array(z.string()), []) }));
    expect(schema.parse({ id: 'a', n: 'x', list: 5 })).toEqual({ id: 'a', list: [] });
    expect(schema.safeParse({ n: 1 }).success).toBe(false);
    // A default is a fresh value on every read, never one shared array.
    const a = schema.parse({ id: 'a', list: 5 });
    const b = schema.parse({ id: 'b', list: 5 });
    expect(a.list).not.toBe(b.list);
  });
});
