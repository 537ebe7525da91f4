import { describe, expect, it, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createQueryClient } from '@/lib/query-client';
import { numbersItem, tokenStatusItem } from '@/lib/storage/items';
import { EARLY_READS_GLOBAL, startEarlyReads, takeEarlyReads } from '@/lib/ui/early-reads';
import { seedStorageItems, storageAreaKey, storageQueryKey } from '@/lib/ui/use-storage-item';
import { healthyPhone, numberState } from './support';

beforeEach(() => fakeBrowser.reset());

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('early storage reads', () => {
  it('maps item keys to storage keys', () => {
    expect(storageAreaKey(numbersItem.key)).toBe('numbers');
  });

  it('seeds the cache from the early read, validated like getValue (malformed entries dropped)', async () => {
    const good = numberState('1', healthyPhone('1000000001'));
    await fakeBrowser.storage.local.set({
      numbers: { [good.id]: good, broken: { id: 7 } },
      tokenStatus: { state: 'valid', generation: 1 },
    });
    const early = startEarlyReads(['numbers', 'tokenStatus']);
    const client = createQueryClient();
    seedStorageItems(client, [numbersItem, tokenStatusItem], early);
    await settle();
    expect(Object.keys(client.getQueryData(storageQueryKey(numbersItem)) as object)).toEqual([good.id]);
    expect(client.getQueryData(storageQueryKey(tokenStatusItem))).toMatchObject({ state: 'valid', scopes: [], missingScopes: [] });
  });

  it('a write made while the early read is in flight is not lost', async () => {
    await fakeBrowser.storage.local.set({ tokenStatus: { state: 'valid', generation: 1 } });
    const early = startEarlyReads(['tokenStatus']);
    await fakeBrowser.storage.local.set({ tokenStatus: { state: 'invalid', generation: 1 } });
    const client = createQueryClient();
    seedStorageItems(client, [tokenStatusItem], early);
    await settle();
    expect(client.getQueryData(storageQueryKey(tokenStatusItem))).toMatchObject({ state: 'invalid' });
    // ...nor one made after the cache was seeded (the item watchers keep it live).
    await fakeBrowser.storage.local.set({ tokenStatus: { state: 'none', generation: 2 } });
    await settle();
    expect(client.getQueryData(storageQueryKey(tokenStatusItem))).toMatchObject({ state: 'none', generation: 2 });
  });

  it('items the early script did not read are read normally', async () => {
    await fakeBrowser.storage.local.set({ tokenStatus: { state: 'valid', generation: 3 } });
    const client = createQueryClient();
    seedStorageItems(client, [tokenStatusItem], startEarlyReads(['numbers']));
    await settle();
    expect(client.getQueryData(storageQueryKey(tokenStatusItem))).toMatchObject({ generation: 3 });
  });

  it('hands the reads over once, through a global the page bundle takes', () => {
    const early = startEarlyReads(['numbers']);
    (globalThis as Record<string, unknown>)[EARLY_READS_GLOBAL] = early;
    expect(takeEarlyReads()).toBe(early);
    expect(takeEarlyReads()).toBeUndefined();
  });
});
