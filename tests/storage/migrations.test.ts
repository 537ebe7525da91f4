import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from '../fixtures/storage-v1.json';
import { CURRENT_SCHEMA_VERSION, migrateStorage } from '@/lib/storage/migrations';
import { settingsItem, tokenItem, tokenStatusItem, numbersItem } from '@/lib/storage/items';

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

  it('reads malformed stored values tolerantly, keeping the good entries', async () => {
    await fakeBrowser.storage.local.set({
      settings: { autoRetry: 'yes', intervalMinutes: 999, notify: { stuck: false } },
      numbers: {
        '1': { id: '1', wabaId: '9', health: 'stuck', stale: false, reasons: [], decision: 'register', history: [], firstSeenAt: 1 },
        '2': 'garbage',
        '3': { id: '3', wabaId: '9', health: 'SOMETHING_NEW' },
      },
    });
    const settings = await settingsItem.getValue();
    expect(settings).toMatchObject({ autoRetry: true, intervalMinutes: 15 });
    expect(settings.notify.stuck).toBe(false);
    const numbers = await numbersItem.getValue();
    expect(Object.keys(numbers).sort()).toEqual(['1', '3']);
    expect(numbers['3']?.health).toBe('unknown');
  });
});
