import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TypedItem } from '../storage/items';

/**
 * Reads a storage item through TanStack Query (first paint straight from storage, no network) and keeps
 * it live by watching storage: the background is the single writer.
 */
export function useStorageItem<T>(item: Pick<TypedItem<T>, 'key' | 'getValue' | 'watch'>) {
  const queryClient = useQueryClient();
  const queryKey = ['storage', item.key];
  useEffect(() => item.watch((value) => queryClient.setQueryData(queryKey, value)), [item.key]); // eslint-disable-line react-hooks/exhaustive-deps
  return useQuery({ queryKey, queryFn: () => item.getValue(), staleTime: Infinity });
}
