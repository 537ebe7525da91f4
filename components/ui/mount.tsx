import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { t } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';
import type { EarlyReads } from '@/lib/ui/early-reads';
import { seedStorageItems, type SeedItem } from '@/lib/ui/use-storage-item';

export interface MountOptions {
  /** Storage items the first paint needs: their cache is seeded before React renders. */
  items?: readonly SeedItem[];
  /** Raw reads the entry module started before this bundle loaded. */
  early?: EarlyReads;
  /** Other queries the first paint needs, started before React renders. */
  prefetch?: (client: QueryClient) => void;
}

/** Mounts a React surface (popup, options) with its QueryClient. */
export function mountApp(container: HTMLElement, app: ReactNode, opts: MountOptions = {}): void {
  // The language of the catalogue the browser actually picked (not merely the UI language).
  document.documentElement.lang = t('uiLang');
  const client = createQueryClient();
  seedStorageItems(client, opts.items ?? [], opts.early);
  opts.prefetch?.(client);
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={client}>{app}</QueryClientProvider>
    </StrictMode>,
  );
}
