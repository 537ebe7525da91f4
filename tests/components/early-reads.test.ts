import { describe, expect, it, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createQueryClient } from '@/lib/query-client';
import { engineItem, settingsItem } from '@/lib/storage/items';
import { EARLY_READS_GLOBAL, startEarlyReads, takeEarlyReads } from '@/lib/ui/early-reads';
import { seedStorageItems, storageAreaKey, storageQueryKey } from '@/lib/ui/use-storage-item';

beforeEach(() => fakeBrowser.reset());

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('early storage reads', () => {
  it('maps item keys to storage keys', () => {
    expect(storageAreaKey(settingsItem.key)).toBe('settings');
  });

  it('seeds the cache from the early read, validated like getValue (malformed fields read as their defaults)', async () => {
    await fakeBrowser.storage.local.set({
      settings: { intervalMinutes: 30, autoRetry: 'yes' },
      engine: { usagePercent: 12, sweep: 'garbage' },
    });
    const early = startEarlyReads(['settings', 'engine']);
    const client = createQueryClient();
    seedStorageItems(client, [settingsItem, engineItem], early);
    await settle();
    expect(client.getQueryData(storageQueryKey(settingsItem))).toMatchObject({ intervalMinutes: 30, autoRetry: true });
    expect(client.getQueryData(storageQueryKey(engineItem))).toMatchObject({ usagePercent: 12, sweep: {} });
  });

  it('a write made while the early read is in flight is not lost', async () => {
    await fakeBrowser.storage.local.set({ settings: { intervalMinutes: 20 } });
    const early = startEarlyReads(['settings']);
    await fakeBrowser.storage.local.set({ settings: { intervalMinutes: 25 } });
    const client = createQueryClient();
    seedStorageItems(client, [settingsItem], early);
    await settle();
    expect(client.getQueryData(storageQueryKey(settingsItem))).toMatchObject({ intervalMinutes: 25 });
    // ...nor one made after the cache was seeded (the item watchers keep it live).
    await fakeBrowser.storage.local.set({ settings: { intervalMinutes: 45 } });
    await settle();
    expect(client.getQueryData(storageQueryKey(settingsItem))).toMatchObject({ intervalMinutes: 45 });
  });

  it('items the early script did not read are read normally', async () => {
    await fakeBrowser.storage.local.set({ engine: { usagePercent: 33 } });
    const client = createQueryClient();
    seedStorageItems(client, [engineItem], startEarlyReads(['settings']));
    await settle();
    expect(client.getQueryData(storageQueryKey(engineItem))).toMatchObject({ usagePercent: 33 });
  });

  it('hands the reads over once, through a global the page bundle takes', () => {
    const early = startEarlyReads(['settings']);
    (globalThis as Record<string, unknown>)[EARLY_READS_GLOBAL] = early;
    expect(takeEarlyReads()).toBe(early);
    expect(takeEarlyReads()).toBeUndefined();
  });
});
