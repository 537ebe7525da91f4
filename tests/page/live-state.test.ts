// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { DisplayState } from '@/lib/messages/protocol';
import { DISPLAY_STATE_SESSION_KEY, startDisplayStatePublisher } from '@/lib/display-state';
import { startLiveState, type SessionChanges } from '@/lib/page/live-state';

const state = (health: string): DisplayState => ({
  tokenState: 'valid',
  numbers: [
    {
      id: '1001',
      wabaId: '2001',
      displayPhoneNumber: '+1 555-010-0001',
      health,
      reasons: [],
      decision: 'none',
      stale: false,
      managerUrl: '',
    },
  ],
});

function harness(sessionReadable: boolean) {
  const listeners = new Set<(c: SessionChanges, area: string) => void>();
  const intervals: Array<() => void> = [];
  const seen: string[] = [];
  const fetchState = vi.fn(async () => state('stuck'));
  const deps = {
    fetchState,
    onState: (s: DisplayState) => seen.push(s.numbers[0]?.health ?? 'none'),
    session: {
      get: async () => {
        if (!sessionReadable) throw new Error('Access to storage is not allowed from this context.');
        return {};
      },
    },
    subscribe: (l: (c: SessionChanges, area: string) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    doc: document,
    setInterval: (fn: () => void) => intervals.push(fn),
    clearInterval: () => undefined,
  };
  const emit = (changes: SessionChanges, area = 'session') => listeners.forEach((l) => l(changes, area));
  return { deps, seen, emit, intervals, listeners, fetchState };
}

describe('live display state in the content script', () => {
  it('asks the background first, then follows storage.session changes', async () => {
    const h = harness(true);
    const live = await startLiveState(h.deps);
    expect(live.mode).toBe('session');
    expect(h.seen).toEqual(['stuck']);
    h.emit({ [DISPLAY_STATE_SESSION_KEY]: { newValue: state('healthy') } });
    h.emit({ [DISPLAY_STATE_SESSION_KEY]: { newValue: { tokenState: 'valid', numbers: 'forged' } } }); // malformed: ignored
    h.emit({ [DISPLAY_STATE_SESSION_KEY]: { newValue: state('blocked') } }, 'local'); // another area: ignored
    h.emit({ other: { newValue: state('blocked') } });
    expect(h.seen).toEqual(['stuck', 'healthy']);
    expect(h.intervals).toHaveLength(0);
    live.stop();
    expect(h.listeners.size).toBe(0);
  });

  it('falls back to polling the background where storage.session is closed to content scripts', async () => {
    const h = harness(false);
    const live = await startLiveState(h.deps);
    expect(live.mode).toBe('poll');
    expect(h.listeners.size).toBe(0);
    h.fetchState.mockResolvedValueOnce(state('healthy'));
    h.intervals[0]!();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.seen).toEqual(['stuck', 'healthy']);
  });

  it('refreshes when the tab becomes visible again', async () => {
    const h = harness(true);
    await startLiveState(h.deps);
    h.fetchState.mockResolvedValueOnce(state('attention'));
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 0));
    expect(h.seen).toEqual(['stuck', 'attention']);
  });
});

describe('display state publisher (background)', () => {
  function background() {
    const writes: unknown[] = [];
    let onLocal: (keys: string[]) => void = () => undefined;
    let health = 'stuck';
    const setAccessLevel = vi.fn(async () => undefined);
    let release: (() => void) | null = null;
    let gate: Promise<void> | null = null;
    const publisher = startDisplayStatePublisher({
      read: async () => {
        if (gate) await gate;
        return state(health);
      },
      session: { set: async (items) => void writes.push(items[DISPLAY_STATE_SESSION_KEY]), setAccessLevel },
      onChanged: (l) => (onLocal = l),
    });
    return {
      publisher,
      writes,
      setAccessLevel,
      change: (keys: string[], next = health) => {
        health = next;
        onLocal(keys);
      },
      hold: () => (gate = new Promise((r) => (release = r))),
      release: () => {
        gate = null;
        release?.();
      },
    };
  }
  const healthOf = (w: unknown) => (w as DisplayState).numbers[0]?.health;
  const idle = () => new Promise((r) => setTimeout(r, 0));

  it('opens storage.session to content scripts and publishes at start', async () => {
    const bg = background();
    await idle();
    expect(bg.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
    expect(bg.writes.map(healthOf)).toEqual(['stuck']);
  });

  it('republishes when numbers (their summaries), WABAs or the token status change, not for other stores', async () => {
    const bg = background();
    await idle();
    bg.change(['registrations', 'pins'], 'blocked');
    await idle();
    expect(bg.writes.map(healthOf)).toEqual(['stuck']);
    bg.change(['numbers', 'summaries'], 'healthy');
    await idle();
    bg.change(['wabas']);
    await idle();
    bg.change(['kv']);
    await idle();
    expect(bg.writes.map(healthOf)).toEqual(['stuck', 'healthy', 'healthy', 'healthy']);
  });

  it('coalesces bursts and always ends on the latest state', async () => {
    const bg = background();
    await idle();
    bg.writes.length = 0;
    bg.hold();
    bg.change(['summaries'], 'attention');
    for (let i = 0; i < 10; i++) bg.change(['summaries'], 'blocked');
    bg.release();
    await idle();
    await idle();
    expect(bg.writes.length).toBe(2); // the one in flight, then one for the whole burst
    expect(healthOf(bg.writes.at(-1))).toBe('blocked');
  });
});
