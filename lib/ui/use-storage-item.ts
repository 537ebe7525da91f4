import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { followStores, STORE_NAMES } from '../storage/db';
import type { TypedItem } from '../storage/items';
import type { EarlyReads } from './early-reads';

/** The query key under which a storage item is cached. */
export const storageQueryKey = (item: Pick<TypedItem<unknown>, 'key'>) => ['storage', item.key] as const;

/** "local:numbers" -> "numbers" (the key in browser.storage.local). */
export const storageAreaKey = (itemKey: string): string => itemKey.slice(itemKey.indexOf(':') + 1);

export type SeedItem = Pick<TypedItem<unknown>, 'key' | 'getValue' | 'watch' | 'parse'>;

/**
 * Fills the query cache before React renders: from the reads the page's early script already started
 * (`early`), else by reading now. Item watchers are registered first and keep the cache live for the
 * page's lifetime; the early reads keep following changes until every seeded value was taken, so a
 * write at any moment in between ends up in the cache.
 */
export function seedStorageItems(queryClient: QueryClient, items: readonly SeedItem[], early?: EarlyReads): void {
  const seeded: Array<Promise<void>> = [];
  for (const item of items) {
    const key = storageQueryKey(item);
    item.watch((value) => queryClient.setQueryData(key, value));
    const areaKey = storageAreaKey(item.key);
    const queryFn = early?.keys.includes(areaKey) ? async () => item.parse((await early.values())[areaKey]) : () => item.getValue();
    seeded.push(queryClient.prefetchQuery({ queryKey: key, queryFn, staleTime: Infinity }));
  }
  if (early) void Promise.allSettled(seeded).then(() => early.stop());
}

/**
 * Reads a storage item through TanStack Query (first paint straight from storage, no network) and keeps
 * it live by watching storage: the background is the single writer.
 */
export function useStorageItem<T>(item: Pick<TypedItem<T>, 'key' | 'getValue' | 'watch'>) {
  const queryClient = useQueryClient();
  const queryKey = storageQueryKey(item);
  // Items are module constants: the watcher is set up once per item.
  useEffect(() => item.watch((value) => queryClient.setQueryData(storageQueryKey(item), value)), [item, queryClient]);
  return useQuery({ queryKey, queryFn: () => item.getValue(), staleTime: Infinity });
}

/**
 * Reads a large stored value (every WABA, every number's summary) through TanStack Query and follows its
 * changes only while `busy` is false: during a sweep the background writes every few hundred ms, and
 * re-reading thousands of records each time would slow the sweep itself. Read again when `busy` ends.
 */
export function useStorageItemWhenIdle<T>(item: Pick<TypedItem<T>, 'key' | 'getValue'>, busy: boolean) {
  const client = useQueryClient();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(
    () =>
      followStores(
        STORE_NAMES,
        async () => undefined,
        () => {
          if (!busyRef.current) void client.invalidateQueries({ queryKey: storageQueryKey(item) });
        },
      ),
    [client, item],
  );
  useEffect(() => {
    if (!busy) void client.invalidateQueries({ queryKey: storageQueryKey(item) });
  }, [busy, client, item]);
  return useQuery({ queryKey: storageQueryKey(item), queryFn: () => item.getValue(), staleTime: Infinity });
}
