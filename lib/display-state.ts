import type { DisplayNumber, DisplayState } from './messages/protocol';
import type { Accounts, NumberSummary, TokenStatus } from './storage/schemas';
import { whatsappManagerUrl } from './whatsapp-manager-url';

/** Display data of tracked numbers: what the content script and lists may see. No token, no PINs. */
export function buildDisplayState(numbers: Record<string, NumberSummary>, accounts: Accounts, token: TokenStatus): DisplayState {
  // A number removed from its account is no longer on WhatsApp Manager's pages: the page gets nothing of it.
  const list: DisplayNumber[] = Object.values(numbers)
    .filter((n) => n.removedAt === undefined)
    .map((n) => {
      const waba = accounts.wabas[n.wabaId];
      const snap: Record<string, unknown> = n.snapshot ?? {};
      return {
        id: n.id,
        wabaId: n.wabaId,
        displayPhoneNumber: typeof snap.display_phone_number === 'string' ? snap.display_phone_number : undefined,
        verifiedName: typeof snap.verified_name === 'string' ? snap.verified_name : undefined,
        health: n.health,
        reasons: n.reasons,
        decision: n.decision,
        lastReadAt: n.lastReadAt,
        stale: n.stale,
        managerUrl: whatsappManagerUrl({ businessId: waba?.businessId, wabaId: n.wabaId }),
      };
    });
  return { tokenState: token.state, numbers: list };
}

/**
 * Live display data for content scripts. storage.local (token, PINs) is closed to content scripts, so the
 * background mirrors only the sanitised DisplayState into storage.session under this key and opens
 * storage.session to content scripts, which watch it. Nothing else is ever written to storage.session.
 */
export const DISPLAY_STATE_SESSION_KEY = 'displayState';

/** The stores (lib/storage/db.ts) whose changes change the display state. */
export const DISPLAY_STATE_SOURCE_STORES: ReadonlySet<string> = new Set(['summaries', 'wabas', 'kv']);

export interface DisplayStatePublisherDeps {
  read(): Promise<DisplayState>;
  session: {
    set(items: Record<string, unknown>): Promise<void>;
    setAccessLevel?(options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
  };
  /** Subscribes to storage changes (names of the stores that changed). */
  onChanged(listener: (stores: string[]) => void): void;
}

/**
 * Publishes once at start (storage.session is emptied when the browser restarts) and after every change
 * of a source key. Publications are serialised and coalesced: a burst of writes yields at most one
 * publication in flight and one queued, and the last one always reflects the latest storage.
 */
export function startDisplayStatePublisher(deps: DisplayStatePublisherDeps): { publish(): Promise<void> } {
  const publish = coalesced(async () => {
    await deps.session.set({ [DISPLAY_STATE_SESSION_KEY]: await deps.read() });
  });
  void deps.session.setAccessLevel?.({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }).catch(() => undefined);
  deps.onChanged((stores) => {
    if (stores.some((k) => DISPLAY_STATE_SOURCE_STORES.has(k))) void publish();
  });
  void publish();
  return { publish };
}

/**
 * Serialises and coalesces runs of `once`: while one runs, any number of calls queue a single further
 * run, so the last run always starts after the latest call. Failures are swallowed (the next call retries).
 */
export function coalesced(once: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await once().catch(() => undefined);
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
