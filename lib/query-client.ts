import { QueryClient } from '@tanstack/react-query';

/** One QueryClient per UI surface. State comes from the background, which owns freshness. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
