import type { DisplayNumber, DisplayState } from './messages/protocol';
import type { NumberSummary, WabaState } from './storage/schemas';
import { whatsappManagerUrl } from './whatsapp-manager-url';

/** A tracked number as the content script and lists may see it. No token, no PINs. */
export function displayNumber(n: NumberSummary, waba: Pick<WabaState, 'businessId'> | undefined): DisplayNumber {
  const snap = n.snapshot;
  return {
    id: n.id,
    wabaId: n.wabaId,
    displayPhoneNumber: snap?.display_phone_number,
    verifiedName: snap?.verified_name,
    health: n.health,
    reasons: n.reasons,
    decision: n.decision,
    lastReadAt: n.lastReadAt,
    stale: n.stale,
    managerUrl: whatsappManagerUrl({ businessId: waba?.businessId, wabaId: n.wabaId }),
  };
}

/**
 * Live display data for content scripts, in storage.session (the one area they may read; IndexedDB is
 * the extension origin's), sharded so a page reads what it shows and a change writes what changed:
 * - `display:meta`        { tokenState }
 * - `display:w:<wabaId>`  DisplayNumber[] of that WABA (absent when it has none)
 * A WhatsApp Manager page is one WABA's (`waba_id` in its URL): it reads and watches that shard only.
 * Nothing else is ever written to storage.session.
 */
export const DISPLAY_META_KEY = 'display:meta';
/** The port a content script that cannot read storage.session keeps open (lib/background/display-ports.ts), and its one message. */
export const DISPLAY_PORT_NAME = 'waba-health:display';
export const DISPLAY_CHANGED = 'changed';
export const DISPLAY_WABA_PREFIX = 'display:w:';
export const displayWabaKey = (wabaId: string) => `${DISPLAY_WABA_PREFIX}${wabaId}`;

/** Where the publisher reads from (the background's stores). */
export interface DisplaySource {
  tokenState(): Promise<DisplayState['tokenState']>;
  /** Display numbers of these WABAs, or of every WABA (`undefined`), by WABA id; WABAs without any are absent. */
  numbersByWaba(wabaIds?: ReadonlySet<string>): Promise<Map<string, DisplayNumber[]>>;
  /** The WABAs of these numbers. */
  wabasOfNumbers(phoneIds: readonly string[]): Promise<string[]>;
}

export interface DisplayStatePublisherDeps {
  source: DisplaySource;
  session: {
    get(keys: null): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(keys: string[]): Promise<void>;
    setAccessLevel?(options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
  };
  /** Subscribes to storage changes: store names, and the keys of the records written when known. */
  onChanged(listener: (stores: string[], keys?: Partial<Record<string, string[]>>) => void): void;
  /** After every publication (content scripts that cannot watch storage.session are told). */
  onPublished?(): void;
}

/**
 * Publishes everything once at start (storage.session is emptied when the browser restarts), then only
 * the shards of what changed: the WABAs of changed numbers, changed WABAs, the token state. Serialised
 * and coalesced: changes that arrive while a publication runs are gathered into the next one.
 */
export function startDisplayStatePublisher(deps: DisplayStatePublisherDeps): { publish(): Promise<void> } {
  let all = true;
  let meta = true;
  const wabas = new Set<string>();
  const phones = new Set<string>();

  const publish = coalesced(async () => {
    const whole = all;
    const withMeta = meta || whole;
    const dirtyWabas = new Set(wabas);
    const dirtyPhones = [...phones];
    all = false;
    meta = false;
    wabas.clear();
    phones.clear();
    try {
      if (withMeta) await deps.session.set({ [DISPLAY_META_KEY]: { tokenState: await deps.source.tokenState() } });
      if (whole) {
        const shards = await deps.source.numbersByWaba();
        const stale = Object.keys(await deps.session.get(null)).filter(
          (k) => k.startsWith(DISPLAY_WABA_PREFIX) && !shards.has(k.slice(DISPLAY_WABA_PREFIX.length)),
        );
        if (stale.length) await deps.session.remove(stale);
        await deps.session.set(Object.fromEntries([...shards].map(([id, list]) => [displayWabaKey(id), list])));
        deps.onPublished?.();
        return;
      }
      for (const id of await deps.source.wabasOfNumbers(dirtyPhones)) dirtyWabas.add(id);
      if (!dirtyWabas.size) {
        if (withMeta) deps.onPublished?.();
        return;
      }
      const shards = await deps.source.numbersByWaba(dirtyWabas);
      const empty = [...dirtyWabas].filter((id) => !shards.has(id)).map(displayWabaKey);
      if (empty.length) await deps.session.remove(empty);
      if (shards.size) await deps.session.set(Object.fromEntries([...shards].map(([id, list]) => [displayWabaKey(id), list])));
      deps.onPublished?.();
    } catch (error) {
      // Published again whole next time (a failed write may have left any shard behind).
      all = true;
      throw error;
    }
  });
  void deps.session.setAccessLevel?.({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }).catch(() => undefined);
  deps.onChanged((stores, keys) => {
    let dirty = false;
    if (stores.includes('kv')) meta = dirty = true;
    if (stores.includes('summaries')) {
      if (keys?.summaries) for (const id of keys.summaries) phones.add(id);
      else all = true;
      dirty = true;
    }
    if (stores.includes('wabas')) {
      if (keys?.wabas) for (const id of keys.wabas) wabas.add(id);
      else all = true;
      dirty = true;
    }
    if (dirty) void publish();
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
