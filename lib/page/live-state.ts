import type { DisplayState } from '../messages/protocol';
import { coalesced, DISPLAY_CHANGED, DISPLAY_META_KEY, DISPLAY_WABA_PREFIX, displayWabaKey } from '../display-state';
import { parseDisplayState } from './guards';

/**
 * Keeps the page's copy of the display state current: only the numbers of the WABA the page shows.
 * - Live: the background mirrors the sanitised display state into storage.session (opened to content
 *   scripts) one shard per WABA (lib/display-state.ts); we read and watch the page's shard (all shards
 *   on a page whose URL names no WABA). Nothing else stored is readable here.
 * - Where storage.session is not readable from a content script (Firefox): a port to the background,
 *   which says "changed" after every publication; the page then asks (getDisplayState) for its WABA.
 * - Fallback, without either: ask the background every `pollMs` while the tab is visible.
 * Always: ask again when the tab becomes visible.
 */
export interface SessionArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>;
}
export type SessionChanges = Record<string, { newValue?: unknown } | undefined>;

export interface LiveStateDeps {
  /** Asks the background (one WABA's numbers when `wabaId` is given). */
  fetchState(wabaId?: string): Promise<DisplayState>;
  /** The WABA the page shows (`waba_id` of its URL), if it names one. */
  scope?(): string | undefined;
  onState(state: DisplayState): void;
  onError?(error: unknown): void;
  session?: SessionArea;
  /** Subscribes to storage.onChanged; returns an unsubscribe function. */
  subscribe?(listener: (changes: SessionChanges, areaName: string) => void): () => void;
  /**
   * Opens the background's change port (lib/background/display-ports.ts): used where storage.session is
   * closed to content scripts (Firefox). Throws when it cannot connect.
   */
  connect?(): ChangePort;
  doc: Document;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  pollMs?: number;
}

/** The part of runtime.Port the page uses. */
export interface ChangePort {
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

export interface LiveState {
  /** session: storage.session pushed; port: the background says "changed"; poll: asked every `pollMs`. */
  readonly mode: 'session' | 'port' | 'poll' | 'starting';
  /** Asks the background now (after a registration, on visibility). */
  refresh(): Promise<void>;
  /** The page moved (maybe to another WABA): read what it shows now. */
  rescope(): Promise<void>;
  stop(): void;
}

export async function startLiveState(deps: LiveStateDeps): Promise<LiveState> {
  let mode: LiveState['mode'] = 'starting';
  let stopped = false;
  let interval: unknown = null;
  const cleanups: Array<() => void> = [];

  const refresh = async () => {
    if (stopped) return;
    try {
      const scope = deps.scope?.();
      const state = await deps.fetchState(scope);
      // An answer for the WABA the page showed before it navigated is not this page's any more.
      if (!stopped && scope === deps.scope?.()) deps.onState(state);
    } catch (error) {
      deps.onError?.(error);
    }
  };
  // "Changed" arrives after every publication: one request in flight, and one more after it at most.
  const refreshOnce = coalesced(refresh);

  /** The shards this page shows: its WABA's (and the token state), or every WABA's when the URL names none. */
  const wanted = (key: string) => {
    const scope = deps.scope?.();
    return key === DISPLAY_META_KEY || (scope ? key === displayWabaKey(scope) : key.startsWith(DISPLAY_WABA_PREFIX));
  };
  // Reads coalesce: a change during a read asks for one more read after it.
  const readSession = coalesced(async () => {
    if (stopped) return;
    try {
      const scope = deps.scope?.();
      const got = await deps.session!.get(scope ? [DISPLAY_META_KEY, displayWabaKey(scope)] : null);
      const meta = got[DISPLAY_META_KEY] as { tokenState?: unknown } | undefined;
      const numbers = Object.entries(got).flatMap(([k, v]) =>
        k.startsWith(DISPLAY_WABA_PREFIX) && wanted(k) && Array.isArray(v) ? v : [],
      );
      const state = meta ? parseDisplayState({ tokenState: meta.tokenState, numbers }) : null;
      if (state && !stopped) deps.onState(state);
    } catch (error) {
      deps.onError?.(error);
    }
  });

  const visible = () => deps.doc.visibilityState !== 'hidden';
  const onVisibility = () => {
    if (!visible()) return;
    void refresh();
  };
  deps.doc.addEventListener('visibilitychange', onVisibility);
  cleanups.push(() => deps.doc.removeEventListener('visibilitychange', onVisibility));

  // The message also wakes the background, which (re)publishes the mirror and opens storage.session.
  await refresh();

  // Subscribe first, then probe: a change published between the two is not missed.
  if (deps.session && deps.subscribe) {
    const unsubscribe = deps.subscribe((changes, areaName) => {
      if (areaName === 'session' && Object.keys(changes).some(wanted)) void readSession();
    });
    try {
      await deps.session.get([DISPLAY_META_KEY]);
      mode = 'session';
      cleanups.push(unsubscribe);
      // What was published between the first answer and the subscription.
      void readSession();
    } catch {
      unsubscribe();
    }
  }
  const poll = () => {
    mode = 'poll';
    interval = deps.setInterval(() => {
      if (visible()) void refresh();
    }, deps.pollMs ?? 30_000);
  };
  if (mode !== 'session' && deps.connect) {
    try {
      const port = deps.connect();
      let open = true;
      port.onMessage.addListener((message) => {
        if (message === DISPLAY_CHANGED) void refreshOnce();
      });
      // The background went away (an update, a crash): polling from then on.
      port.onDisconnect.addListener(() => {
        open = false;
        if (!stopped && mode === 'port') poll();
      });
      mode = 'port';
      cleanups.push(() => {
        if (open) port.disconnect();
      });
      // What changed between the first answer and the connection.
      void refreshOnce();
    } catch {
      // No port either: poll.
    }
  }
  if (mode !== 'session' && mode !== 'port') poll();

  return {
    get mode() {
      return mode;
    },
    refresh,
    rescope: () => (mode === 'session' ? readSession() : refresh()),
    stop() {
      stopped = true;
      if (interval !== null) deps.clearInterval(interval);
      for (const c of cleanups) c();
    },
  };
}
