import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { followStores, onStoresChanged, type StoreName } from '../storage/db';
import { numbersItem } from '../storage/items';
import { countByState, type NumberList, readAllNumbers, readFirstScreen } from '../storage/number-queries';

/** Numbers the popup reads before anything else: more than its first screen shows (400 x 600). */
export const FIRST_SCREEN = 30;

const LIST_KEY = ['numbers'] as const;
const SOURCES: readonly StoreName[] = ['summaries', 'wabas', 'kv'];

export const numberListQueries = {
  first: { queryKey: [...LIST_KEY, 'first'], queryFn: () => readFirstScreen(FIRST_SCREEN), staleTime: Infinity },
  counts: { queryKey: [...LIST_KEY, 'counts'], queryFn: countByState, staleTime: Infinity },
  all: { queryKey: [...LIST_KEY, 'all'], queryFn: readAllNumbers, staleTime: Infinity },
} as const;

/** Starts the first reads before React renders (the popup's entry calls it). */
export function prefetchNumberList(client: QueryClient): void {
  void client.prefetchQuery(numberListQueries.first);
  void client.prefetchQuery(numberListQueries.counts);
}

/** Re-reads the list's queries when the background changes their stores (throttled, see followStores). */
function followChanges(client: QueryClient): () => void {
  return followStores(
    SOURCES,
    async () => undefined,
    () => void client.invalidateQueries({ queryKey: LIST_KEY }),
  );
}

/**
 * The popup's numbers: first the worst screenful and the counts (indexed reads, independent of how many
 * numbers there are), then, once that painted, every summary for scrolling and filtering. Live.
 */
export function useNumberList(): { list?: NumberList; counts?: Record<string, number> } {
  const client = useQueryClient();
  useEffect(() => followChanges(client), [client]);
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
  return { list: all.data ?? first.data, counts: counts.data };
}

/** One stored number in full (the details dialog), read only while `id` is set. */
export function useFullNumber(id: string | null) {
  const client = useQueryClient();
  useEffect(
    () =>
      id === null
        ? undefined
        : onStoresChanged((changed) => {
            if (changed.includes('numbers')) void client.invalidateQueries({ queryKey: ['number', id] });
          }),
    [client, id],
  );
  return useQuery({
    queryKey: ['number', id],
    queryFn: async () => (id === null ? null : ((await numbersItem.get(id)) ?? null)),
    enabled: id !== null,
    staleTime: Infinity,
  });
}
