import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from '@/lib/query-client';

/** Mounts a React surface (popup, options) with its QueryClient. */
export function mountApp(container: HTMLElement, app: ReactNode): void {
  const client = createQueryClient();
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={client}>{app}</QueryClientProvider>
    </StrictMode>,
  );
}
