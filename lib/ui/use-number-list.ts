import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { followStores, type StoreName } from '../storage/db';
import { numberSummariesItem, numbersItem } from '../storage/items';
import { countByState } from '../number-summary';
import { type NumberList, readAllNumbers, readFirstScreen } from '../storage/number-queries';

/** Numbers the popup reads before anything else: more than its first screen shows (400 x 600). */
export const FIRST_SCREEN = 30;

const LIST_KEY = ['numbers'] as const;
const SOURCES: readonly StoreName[] = ['summaries', 'wabas', 'kv'];

export const numberListQueries = {
  first: { queryKey: [...LIST_KEY, 'first'], queryFn: () => readFirstScreen(FIRST_SCREEN), staleTime: Infinity },
  counts: { queryKey: [...LIST_KEY, 'counts'], queryFn: () => countByState(numberSummariesItem), staleTime: Infinity },
  all: { queryKey: [...LIST_KEY, 'all'], queryFn: readAllNumbers, staleTime: Infinity },
} as const;

/** Starts the first reads before React renders (the popup's entry calls it). */
export function prefetchNumberList(client: QueryClient): void {
  void client.prefetchQuery(numberListQueries.first);
  void client.prefetchQuery(numberListQueries.counts);
}

/**
 * Re-reads the list's queries when the background changes their stores (throttled, see followStores):
 * the first screen and the counts always, every summary only while no sweep runs (`busy`), and once
 * when it ends.
 */
function followChanges(client: QueryClient, busy: () => boolean): () => void {
  return followStores(
    SOURCES,
    async () => undefined,
    () => {
      void client.invalidateQueries({ queryKey: numberListQueries.first.queryKey });
      void client.invalidateQueries({ queryKey: numberListQueries.counts.queryKey });
      if (!busy()) void client.invalidateQueries({ queryKey: numberListQueries.all.queryKey });
    },
  );
}

/**
 * The popup's numbers: first the worst screenful and the counts (indexed reads, independent of how many
 * numbers there are), then, once that painted, every summary for scrolling and filtering. Live (every
 * summary is re-read only while no sweep runs).
 */
export function useNumberList(busy = false): { list?: NumberList; counts?: Record<string, number> } {
  const client = useQueryClient();
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => followChanges(client, () => busyRef.current), [client]);
  useEffect(() => {
    if (!busy) void client.invalidateQueries({ queryKey: numberListQueries.all.queryKey });
  }, [busy, client]);
  const first = useQuery(numberListQueries.first);
  const counts = useQuery(numberListQueries.counts);
  // The full read starts after the first screen is on screen, not in competition with it.
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!first.data || painted) return;
    const id = setTimeout(() => setPainted(true), 0);
    return () => clearTimeout(id);
  }, [first.data, painted]);
  const all = useQuery({ ...numberListQueries.all, enabled: painted });
  // While a sweep runs the full list may lag behind the counts (by at most the sweep's length).
  return { list: all.data ?? first.data, counts: counts.data };
}

/** One stored number in full (the details dialog), read only while `id` is set. */
export function useFullNumber(id: string | null) {
  const client = useQueryClient();
  useEffect(
    () =>
      id === null
        ? undefined
        : followStores(
            ['numbers'],
            async () => undefined,
            () => void client.invalidateQueries({ queryKey: ['number', id] }),
          ),
    [client, id],
  );
  return useQuery({
    queryKey: ['number', id],
    queryFn: async () => (id === null ? null : ((await numbersItem.get(id)) ?? null)),
    enabled: id !== null,
    staleTime: Infinity,
  });
}
