import type { DisplayState } from '../messages/protocol';
import { DISPLAY_STATE_SESSION_KEY } from '../display-state';
import { parseDisplayState } from './guards';

/**
 * Keeps the page's copy of the display state current.
 * - Live: the background mirrors the sanitised DisplayState into storage.session (opened to content
 *   scripts); we read it and watch it. storage.local stays closed to us.
 * - Fallback, where storage.session is not readable from a content script (older Chrome, Firefox):
 *   ask the background (getDisplayState) every `pollMs` while the tab is visible, and on becoming visible.
 */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
}
export type SessionChanges = Record<string, { newValue?: unknown } | undefined>;

export interface LiveStateDeps {
  fetchState(): Promise<DisplayState>;
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
      const state = await deps.fetchState();
      if (!stopped) deps.onState(state);
    } catch (error) {
      deps.onError?.(error);
    }
  };

  const apply = (raw: unknown) => {
    const state = parseDisplayState(raw);
    if (state && !stopped) deps.onState(state);
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
  let unsubscribe: (() => void) | null = null;
  if (deps.session && deps.subscribe) {
    unsubscribe = deps.subscribe((changes, areaName) => {
      if (areaName !== 'session') return;
      const change = changes[DISPLAY_STATE_SESSION_KEY];
      if (change && change.newValue !== undefined) apply(change.newValue);
    });
    try {
      await deps.session.get(DISPLAY_STATE_SESSION_KEY);
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
    stop() {
      stopped = true;
      if (interval !== null) deps.clearInterval(interval);
      for (const c of cleanups) c();
    },
  };
}
