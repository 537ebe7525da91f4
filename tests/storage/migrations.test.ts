import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from '../fixtures/storage-v1.json';
import v2 from '../fixtures/storage-v2.json';
import { summariseNumber } from '@/lib/number-summary';
import { database } from '@/lib/storage/db';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrateStorage } from '@/lib/storage/migrations';
import {
  numberSummariesItem,
  numbersItem,
  pinsItem,
  registrationsItem,
  settingsItem,
  stores,
  tokenItem,
  tokenStatusItem,
} from '@/lib/storage/items';
import {
  AccountsSchema,
  EngineStateSchema,
  NumberRegistrationSchema,
  NumberStateSchema,
  PinEntrySchema,
  SettingsSchema,
  TokenStatusSchema,
} from '@/lib/storage/schemas';
import { recordOf } from '@/lib/storage/tolerant';

describe('storage migrations', () => {
  beforeEach(() => fakeBrowser.reset());

  it('migrates a first-version store without losing the token, and marks it for validation', async () => {
    await fakeBrowser.storage.local.set(v1);
    const result = await migrateStorage(fakeBrowser.storage.local);
    expect(result).toEqual({ from: 1, to: CURRENT_SCHEMA_VERSION });
    expect(await tokenItem.getValue()).toBe(v1.graphToken);
    expect((await tokenStatusItem.getValue()).state).toBe('unchecked');
    expect((await fakeBrowser.storage.local.get('schemaVersion')).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    // Items added in v2 read as their defaults.
    expect((await settingsItem.getValue()).intervalMinutes).toBe(15);
    expect(await numbersItem.getValue()).toEqual({});
  });

  it('is idempotent: running again changes nothing', async () => {
    await fakeBrowser.storage.local.set(v1);
    await migrateStorage(fakeBrowser.storage.local);
    const before = await fakeBrowser.storage.local.get(null);
    expect(await migrateStorage(fakeBrowser.storage.local)).toEqual({ from: CURRENT_SCHEMA_VERSION, to: CURRENT_SCHEMA_VERSION });
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
  });

  it('stamps a fresh install with the current version', async () => {
    expect(await migrateStorage(fakeBrowser.storage.local)).toEqual({ from: 0, to: CURRENT_SCHEMA_VERSION });
    expect((await tokenStatusItem.getValue()).state).toBe('none');
  });

  describe('v2 (whole items in storage.local) to v3 (records in IndexedDB)', () => {
    // What v2's items read from the fixture: the same tolerant schemas, applied to the same raw values.
    const v2Read = {
      token: v2.graphToken,
      tokenStatus: TokenStatusSchema.parse(v2.tokenStatus),
      settings: SettingsSchema.parse(v2.settings),
      accounts: AccountsSchema.parse(v2.accounts),
      numbers: recordOf(NumberStateSchema).parse(v2.numbers),
      registrations: recordOf(NumberRegistrationSchema).parse(v2.registrations),
      pins: recordOf(PinEntrySchema).parse(v2.pins),
      engine: EngineStateSchema.parse(v2.engine),
    };

    async function expectNothingLost() {
      // Each store reads back what v2 held (stores: the engine's items, keyed as v2Read is).
      for (const key of Object.keys(v2Read) as Array<keyof typeof v2Read>) {
        expect(await stores[key].getValue(), key).toEqual(v2Read[key]);
      }
      // Every number has its summary again (derived, not copied from v2's partial numberSummaries).
      const summaries = await numberSummariesItem.getValue();
      expect(summaries).toEqual(Object.fromEntries(Object.entries(v2Read.numbers).map(([id, n]) => [id, summariseNumber(n)])));
    }

    it('moves every good entry, drops only the malformed ones, and leaves storage.local the small items', async () => {
      await fakeBrowser.storage.local.set(v2);
      expect(await migrateStorage(fakeBrowser.storage.local)).toEqual({ from: 2, to: 3 });
      await expectNothingLost();
      // The fixture's content, spelled out (so an empty read on both sides cannot pass).
      expect(Object.keys(v2Read.numbers).sort()).toEqual(['106540352242922', '106540352242923', '106540352242924']);
      expect(Object.keys(v2Read.accounts.wabas).sort()).toEqual(['102290129340398', '102290129340399']);
      expect((await pinsItem.get('106540352242922'))?.pin).toBe('246810');
      expect((await registrationsItem.get('106540352242922'))?.attempts).toHaveLength(2);
      expect((await tokenStatusItem.getValue()).generation).toBe(4);
      expect((await numbersItem.get('106540352242924'))?.removedAt).toBe(1764000500000);
      expect((await numbersItem.get('106540352242922'))?.snapshot?.future_field_meta_adds).toEqual({ x: 1 });
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['engine', 'schemaVersion', 'settings']);
    });

    it('an interrupted migration runs again whole: the same result, no duplicate, nothing lost', async () => {
      await fakeBrowser.storage.local.set(v2);
      // The records were written but the worker died before storage.local was cleaned and stamped.
      await MIGRATIONS[3]!({ ...fakeBrowser.storage.local, remove: async () => undefined });
      await (await database()).put('numbers', { id: 'stale', wabaId: '1', health: 'stuck' }, 'stale');
      expect(await migrateStorage(fakeBrowser.storage.local)).toEqual({ from: 2, to: 3 });
      await expectNothingLost();
    });

    it('a migration that died after removing the v2 keys but before its stamp does not empty IndexedDB', async () => {
      await fakeBrowser.storage.local.set(v2);
      await migrateStorage(fakeBrowser.storage.local);
      await fakeBrowser.storage.local.set({ schemaVersion: 2 }); // the stamp never landed
      expect(await migrateStorage(fakeBrowser.storage.local)).toEqual({ from: 2, to: 3 });
      await expectNothingLost();
    });

    it('a v1 store goes through v2 to v3 with its token', async () => {
      await fakeBrowser.storage.local.set(v1);
      await migrateStorage(fakeBrowser.storage.local);
      expect(await tokenItem.getValue()).toBe(v1.graphToken);
      expect(await tokenStatusItem.getValue()).toMatchObject({ state: 'unchecked', generation: 1 });
      expect(await fakeBrowser.storage.local.get('graphToken')).toEqual({});
    });
  });

  it('reads malformed stored values tolerantly, keeping the good entries', async () => {
    await fakeBrowser.storage.local.set({
      schemaVersion: 2,
      settings: { autoRetry: 'yes', intervalMinutes: 999, notify: { stuck: false } },
      numbers: {
        '1': { id: '1', wabaId: '9', health: 'stuck', stale: false, reasons: [], decision: 'register', history: [], firstSeenAt: 1 },
        '2': 'garbage',
        '3': { id: '3', wabaId: '9', health: 'SOMETHING_NEW' },
      },
    });
    await migrateStorage(fakeBrowser.storage.local);
    const settings = await settingsItem.getValue();
    expect(settings).toMatchObject({ autoRetry: true, intervalMinutes: 15 });
    expect(settings.notify.stuck).toBe(false);
    const numbers = await numbersItem.getValue();
    expect(Object.keys(numbers).sort()).toEqual(['1', '3']);
    expect(numbers['3']?.health).toBe('unknown');
  });
});
