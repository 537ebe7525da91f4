import type { DisplayState } from '../messages/protocol';
import { DISPLAY_META_KEY, DISPLAY_WABA_PREFIX, displayWabaKey } from '../display-state';
import { parseDisplayState } from './guards';

/**
 * Keeps the page's copy of the display state current: only the numbers of the WABA the page shows.
 * - Live: the background mirrors the sanitised display state into storage.session (opened to content
 *   scripts) one shard per WABA (lib/display-state.ts); we read and watch the page's shard (all shards
 *   on a page whose URL names no WABA). Nothing else stored is readable here.
 * - Fallback, where storage.session is not readable from a content script (older Chrome, Firefox):
 *   ask the background (getDisplayState) every `pollMs` while the tab is visible, and on becoming visible.
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
  doc: Document;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  pollMs?: number;
}

export interface LiveState {
  readonly mode: 'session' | 'poll' | 'starting';
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
      const state = await deps.fetchState(deps.scope?.());
      if (!stopped) deps.onState(state);
    } catch (error) {
      deps.onError?.(error);
    }
  };

  /** The shards this page shows: its WABA's (and the token state), or every WABA's when the URL names none. */
  const wanted = (key: string) => {
    const scope = deps.scope?.();
    return key === DISPLAY_META_KEY || (scope ? key === displayWabaKey(scope) : key.startsWith(DISPLAY_WABA_PREFIX));
  };
  // Reads coalesce: a change during a read asks for one more read after it.
  let reading: Promise<void> | null = null;
  let again = false;
  const readSession = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          const scope = deps.scope?.();
          const got = await deps.session!.get(scope ? [DISPLAY_META_KEY, displayWabaKey(scope)] : null);
          const meta = got[DISPLAY_META_KEY] as { tokenState?: unknown } | undefined;
          const numbers = Object.entries(got).flatMap(([k, v]) =>
            k.startsWith(DISPLAY_WABA_PREFIX) && wanted(k) && Array.isArray(v) ? v : [],
          );
          const state = meta ? parseDisplayState({ tokenState: meta.tokenState, numbers }) : null;
          if (state && !stopped) deps.onState(state);
        } while (again && !stopped);
      } catch (error) {
        deps.onError?.(error);
      } finally {
        reading = null;
      }
    })();
    return reading;
  };

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
    } catch {
      unsubscribe();
    }
  }
  if (mode !== 'session') {
    mode = 'poll';
    interval = deps.setInterval(() => {
      if (visible()) void refresh();
    }, deps.pollMs ?? 30_000);
  }

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
