// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { DisplayNumber, DisplayState } from '@/lib/messages/protocol';
import { DISPLAY_CHANGED, DISPLAY_META_KEY, type DisplaySource, displayWabaKey, startDisplayStatePublisher } from '@/lib/display-state';
import { startLiveState, type SessionChanges } from '@/lib/page/live-state';

const number = (id: string, wabaId: string, health: string): DisplayNumber => ({
  id,
  wabaId,
  displayPhoneNumber: `+1 555-010-${id.slice(-4)}`,
  health,
  reasons: [],
  decision: 'none',
  stale: false,
  managerUrl: '',
});
const state = (health: string): DisplayState => ({ tokenState: 'valid', numbers: [number('1001', '2001', health)] });
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A storage.session holding the sharded mirror, and the content script's view of it. */
function harness(sessionReadable: boolean, scope?: string) {
  const listeners = new Set<(c: SessionChanges, area: string) => void>();
  const intervals: Array<() => void> = [];
  const seen: DisplayState[] = [];
  const area: Record<string, unknown> = {};
  const reads: Array<string[] | null> = [];
  const fetchState = vi.fn(async (_wabaId?: string) => state('stuck'));
  let pageScope = scope;
  const deps = {
    fetchState,
    scope: () => pageScope,
    onState: (s: DisplayState) => seen.push(s),
    session: {
      get: async (keys: string[] | null) => {
        if (!sessionReadable) throw new Error('Access to storage is not allowed from this context.');
        reads.push(keys);
        return Object.fromEntries(Object.entries(area).filter(([k]) => keys === null || keys.includes(k)));
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
  const write = (items: Record<string, unknown>, areaName = 'session') => {
    if (areaName === 'session') Object.assign(area, items);
    const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }]));
    for (const l of listeners) l(changes, areaName);
  };
  const healths = () => seen.map((s) => s.numbers.map((n) => `${n.id}:${n.health}`).join(','));
  return { deps, seen, healths, write, intervals, listeners, fetchState, reads, area, moveTo: (s?: string) => (pageScope = s) };
}

describe('live display state in the content script', () => {
  it('asks the background for its WABA first, then follows only that WABA’s shard of storage.session', async () => {
    const h = harness(true, '2001');
    const live = await startLiveState(h.deps);
    expect(live.mode).toBe('session');
    expect(h.fetchState).toHaveBeenCalledWith('2001');
    expect(h.healths()).toEqual(['1001:stuck']);
    h.write({ [DISPLAY_META_KEY]: { tokenState: 'valid' }, [displayWabaKey('2001')]: [number('1001', '2001', 'healthy')] });
    await flush();
    h.write({ [displayWabaKey('2002')]: [number('1002', '2002', 'blocked')] }); // another WABA: not read
    h.write({ [displayWabaKey('2001')]: 'forged' }); // malformed: no number
    await flush();
    h.write({ [displayWabaKey('2001')]: [number('1001', '2001', 'blocked')] }, 'local'); // another area: ignored
    await flush();
    expect(h.healths()).toEqual(['1001:stuck', '1001:healthy', '']);
    // It never read another WABA's shard.
    expect(h.reads.filter((k) => k === null || k.includes(displayWabaKey('2002')))).toEqual([]);
    expect(h.intervals).toHaveLength(0);
    live.stop();
    expect(h.listeners.size).toBe(0);
  });

  it('a page naming no WABA reads every shard; moving to a WABA narrows to it', async () => {
    const h = harness(true);
    h.area[DISPLAY_META_KEY] = { tokenState: 'valid' };
    h.area[displayWabaKey('2001')] = [number('1001', '2001', 'stuck')];
    h.area[displayWabaKey('2002')] = [number('1002', '2002', 'blocked')];
    const live = await startLiveState(h.deps);
    expect(h.fetchState).toHaveBeenCalledWith(undefined);
    await live.rescope();
    expect(h.healths().at(-1)).toBe('1001:stuck,1002:blocked');
    h.moveTo('2002');
    await live.rescope();
    expect(h.healths().at(-1)).toBe('1002:blocked');
    expect(h.reads.at(-1)).toEqual([DISPLAY_META_KEY, displayWabaKey('2002')]);
  });

  it('falls back to polling the background where storage.session is closed to content scripts', async () => {
    const h = harness(false, '2001');
    const live = await startLiveState(h.deps);
    expect(live.mode).toBe('poll');
    expect(h.listeners.size).toBe(0);
    h.fetchState.mockResolvedValueOnce(state('healthy'));
    h.intervals[0]!();
    await flush();
    expect(h.healths()).toEqual(['1001:stuck', '1001:healthy']);
    expect(h.fetchState).toHaveBeenLastCalledWith('2001');
  });

  it('where storage.session is closed (Firefox): a port to the background; each "changed" asks again, no polling', async () => {
    const h = harness(false, '2001');
    const onMessage: Array<(m: unknown) => void> = [];
    const onDisconnect: Array<() => void> = [];
    const disconnect = vi.fn();
    const live = await startLiveState({
      ...h.deps,
      connect: () => ({
        onMessage: { addListener: (cb: (m: unknown) => void) => onMessage.push(cb) },
        onDisconnect: { addListener: (cb: () => void) => onDisconnect.push(cb) },
        disconnect,
      }),
    });
    expect(live.mode).toBe('port');
    expect(h.intervals).toHaveLength(0);
    await flush(); // it asks once more on connecting (a change between its first answer and the port)
    expect(h.fetchState).toHaveBeenCalledTimes(2);
    h.fetchState.mockResolvedValueOnce(state('healthy'));
    onMessage.forEach((cb) => cb(DISPLAY_CHANGED));
    onMessage.forEach((cb) => cb('something else')); // ignored
    await flush();
    expect(h.healths()).toEqual(['1001:stuck', '1001:stuck', '1001:healthy']);
    expect(h.fetchState).toHaveBeenLastCalledWith('2001');
    // The background went away: polling from then on.
    onDisconnect.forEach((cb) => cb());
    expect(live.mode).toBe('poll');
    expect(h.intervals).toHaveLength(1);
    live.stop();
  });

  it('refreshes when the tab becomes visible again', async () => {
    const h = harness(true);
    await startLiveState(h.deps);
    h.fetchState.mockResolvedValueOnce(state('attention'));
    document.dispatchEvent(new Event('visibilitychange'));
    await flush();
    expect(h.healths()).toEqual(['1001:stuck', '1001:attention']);
  });
});

describe('display state publisher (background)', () => {
  function background(opts: { hold?: boolean } = {}) {
    const session: Record<string, unknown> = { [displayWabaKey('9999')]: [number('9', '9999', 'stuck')] }; // left from before
    const numbers = new Map<string, DisplayNumber>([
      ['1001', number('1001', '2001', 'stuck')],
      ['1002', number('1002', '2002', 'healthy')],
    ]);
    let token: DisplayState['tokenState'] = 'valid';
    const writes: string[][] = [];
    const reads: Array<string[] | 'all'> = [];
    let gate: Promise<void> | null = opts.hold ? new Promise(() => undefined) : null;
    let release: () => void = () => undefined;
    if (opts.hold) gate = new Promise((r) => (release = r));
    let listener: (stores: string[], keys?: Partial<Record<string, string[]>>) => void = () => undefined;
    const source: DisplaySource = {
      tokenState: async () => token,
      numbersByWaba: async (ids) => {
        if (gate) await gate;
        reads.push(ids ? [...ids].sort() : 'all');
        const out = new Map<string, DisplayNumber[]>();
        for (const n of numbers.values()) if (!ids || ids.has(n.wabaId)) out.set(n.wabaId, [...(out.get(n.wabaId) ?? []), n]);
        return out;
      },
      wabasOfNumbers: async (ids) => [...new Set(ids.map((id) => numbers.get(id)?.wabaId).filter((w): w is string => !!w))],
    };
    const setAccessLevel = vi.fn(async () => undefined);
    const publisher = startDisplayStatePublisher({
      source,
      session: {
        get: async () => ({ ...session }),
        set: async (items) => {
          writes.push(Object.keys(items));
          Object.assign(session, items);
        },
        remove: async (keys) => {
          for (const k of keys) delete session[k];
        },
        setAccessLevel,
      },
      onChanged: (l) => (listener = l),
    });
    return {
      publisher,
      session,
      numbers,
      writes,
      reads,
      setAccessLevel,
      setToken: (t: DisplayState['tokenState']) => (token = t),
      change: (stores: string[], keys?: Partial<Record<string, string[]>>) => listener(stores, keys),
      release: () => {
        gate = null;
        release();
      },
    };
  }
  const healthIn = (session: Record<string, unknown>, wabaId: string) =>
    (session[displayWabaKey(wabaId)] as DisplayNumber[] | undefined)?.map((n) => n.health);

  it('opens storage.session to content scripts and publishes every shard at start (dropping stale ones)', async () => {
    const bg = background();
    await bg.publisher.publish();
    expect(bg.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
    expect(bg.session[DISPLAY_META_KEY]).toEqual({ tokenState: 'valid' });
    expect(healthIn(bg.session, '2001')).toEqual(['stuck']);
    expect(healthIn(bg.session, '2002')).toEqual(['healthy']);
    expect(bg.session[displayWabaKey('9999')]).toBeUndefined();
  });

  it('after a change of some numbers, rewrites only their WABAs’ shards; other stores change nothing', async () => {
    const bg = background();
    await bg.publisher.publish();
    bg.writes.length = 0;
    bg.reads.length = 0;
    bg.change(['registrations', 'pins'], { registrations: ['1001'] });
    await bg.publisher.publish();
    expect(bg.writes).toEqual([]);
    bg.numbers.set('1001', number('1001', '2001', 'healthy'));
    bg.change(['numbers', 'summaries'], { numbers: ['1001'], summaries: ['1001'] });
    await bg.publisher.publish();
    expect(bg.reads).toEqual([['2001']]);
    expect(bg.writes).toEqual([[displayWabaKey('2001')]]);
    expect(healthIn(bg.session, '2001')).toEqual(['healthy']);
    // A WABA left without numbers loses its shard.
    bg.numbers.delete('1002');
    bg.change(['wabas'], { wabas: ['2002'] });
    await bg.publisher.publish();
    expect(bg.session[displayWabaKey('2002')]).toBeUndefined();
    // The token state is its own key.
    bg.setToken('invalid');
    bg.change(['kv']);
    await bg.publisher.publish();
    expect(bg.session[DISPLAY_META_KEY]).toEqual({ tokenState: 'invalid' });
  });

  it('gathers the changes that arrive during a publication into one more, ending on the latest state', async () => {
    const bg = background({ hold: true });
    const first = bg.publisher.publish();
    for (let i = 0; i < 10; i++) {
      bg.numbers.set('1001', number('1001', '2001', i === 9 ? 'blocked' : 'attention'));
      bg.change(['summaries'], { summaries: ['1001'] });
    }
    bg.release();
    await first;
    await bg.publisher.publish();
    expect(bg.reads).toEqual(['all', ['2001']]);
    expect(healthIn(bg.session, '2001')).toEqual(['blocked']);
  });
});
