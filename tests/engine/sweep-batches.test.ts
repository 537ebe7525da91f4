import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SWEEP_CONCURRENCY, WABAS_PER_CALL } from '@/lib/engine/sweep';
import type { GraphPortFactory } from '@/lib/engine/graph-port';
import { engineItem, numbersItem } from '@/lib/storage/items';
import { FakeGraph, TOKEN, makeEngine, metaError, provisioned, onboardAndSweep, resetEachTest } from './fixtures';

/** 230 WABAs of 2 numbers each: 5 batch calls of at most 50 WABAs. */
const WABAS = Array.from({ length: 230 }, (_, i) => String(200000000000000 + i));
const phoneOf = (w: number, k: number) => String(1000000000000 + w * 10 + k);

function scaleGraph() {
  const graph = new FakeGraph();
  WABAS.forEach((waba, w) => graph.add(waba, provisioned(phoneOf(w, 0)), provisioned(phoneOf(w, 1))));
  graph.debug = { ...graph.debug, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: WABAS }] };
  graph.ownedWabas = [];
  return graph;
}

/** Wraps readWabas: records batch sizes and the most calls in flight at once; each call waits for `gate`. */
function observed(graph: FakeGraph, opts: { gate?: () => Promise<void>; usage?: (call: number) => number; failAt?: number } = {}) {
  const stats = { sizes: [] as number[], inFlight: 0, maxInFlight: 0, startedWith: [] as number[] };
  const factory = graph.factory();
  const wrapped: GraphPortFactory = (options) => {
    const port = factory(options);
    return {
      ...port,
      readWabas: async (ids) => {
        stats.sizes.push(ids.length);
        const call = stats.sizes.length;
        stats.inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
        stats.startedWith.push(stats.inFlight);
        try {
          await opts.gate?.();
          if (opts.failAt === call) throw metaError(80008, { retryAfterMs: 600_000 });
          const result = await port.readWabas(ids);
          if (opts.usage) options.onUsage?.({ business: [], maxPercent: opts.usage(call), regainAccessMs: 0, observedAt: 0 });
          return result;
        } finally {
          stats.inFlight--;
        }
      },
    };
  };
  return { stats, wrapped };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('sweeps at scale: batches of 50 WABAs, a few in flight, stored batch by batch', () => {
  const clock = resetEachTest();

  it(`reads ${WABAS.length} WABAs in ${Math.ceil(WABAS.length / WABAS_PER_CALL)} calls of at most ${WABAS_PER_CALL}, at most ${SWEEP_CONCURRENCY} in flight`, async () => {
    const graph = scaleGraph();
    const { stats, wrapped } = observed(graph, { gate: tick });
    const h = makeEngine(graph, clock, { graph: wrapped });
    await h.engine.saveToken(TOKEN);
    const result = await h.engine.sweep({ reason: 'manual' });
    expect(result).toMatchObject({ status: 'done', numbers: WABAS.length * 2 });
    expect(stats.sizes).toEqual([50, 50, 50, 50, 30]);
    expect(stats.maxInFlight).toBe(SWEEP_CONCURRENCY);
    expect(Object.keys(await numbersItem.getValue())).toHaveLength(WABAS.length * 2);
    expect((await engineItem.getValue()).sweep.progress).toBeUndefined();
  });

  it('a worker that dies mid-sweep keeps every batch it stored; progress says how far it got', async () => {
    const graph = scaleGraph();
    let calls = 0;
    const never = new Promise<void>(() => undefined);
    const { wrapped } = observed(graph, { gate: async () => (++calls > 2 ? never : tick()) });
    const h = makeEngine(graph, clock, { graph: wrapped });
    await h.engine.saveToken(TOKEN);
    void h.engine.sweep({ reason: 'manual' });
    await expect.poll(async () => (await engineItem.getValue()).sweep.progress?.done).toBe(100);
    // The worker "dies" here: the first two batches are stored.
    expect(Object.keys(await numbersItem.getValue())).toHaveLength(200);
    expect((await engineItem.getValue()).sweep.progress).toEqual({ done: 100, total: WABAS.length });
  });

  it('past 75 % usage only one call stays in flight; at the limit the sweep stops', async () => {
    const many = Array.from({ length: 480 }, (_, i) => String(300000000000000 + i));
    const graph = new FakeGraph();
    many.forEach((waba, w) => graph.add(waba, provisioned(phoneOf(w + 1000, 0))));
    graph.debug = { ...graph.debug, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: many }] };
    graph.ownedWabas = [];
    const slow = observed(graph, { gate: tick, usage: () => 80 });
    const h = makeEngine(graph, clock, { graph: slow.wrapped });
    await h.engine.saveToken(TOKEN);
    expect((await h.engine.sweep({ reason: 'manual' })).status).toBe('done');
    expect(slow.stats.sizes).toHaveLength(10);
    // The first wave starts together; once Meta reports 80 %, every later call starts alone.
    expect(slow.stats.startedWith.slice(0, SWEEP_CONCURRENCY)).toEqual([1, 2, 3, 4]);
    expect(slow.stats.startedWith.slice(SWEEP_CONCURRENCY)).toEqual(Array(10 - SWEEP_CONCURRENCY).fill(1));

    fakeBrowser.reset();
    const full = observed(graph, { gate: tick, usage: () => 100 });
    await onboardAndSweep(graph, clock, { graph: full.wrapped });
    expect(full.stats.sizes).toHaveLength(SWEEP_CONCURRENCY);
  });

  it('a rate limit in one batch stops the others from starting, and pauses every later call', async () => {
    const graph = scaleGraph();
    const { stats, wrapped } = observed(graph, { gate: tick, failAt: 1 });
    const h = makeEngine(graph, clock, { graph: wrapped });
    await h.engine.saveToken(TOKEN);
    await h.engine.sweep({ reason: 'manual' });
    expect(stats.sizes.length).toBeLessThanOrEqual(SWEEP_CONCURRENCY);
    expect((await engineItem.getValue()).rateLimitedUntil).toBe(clock.t + 600_000);
    expect(await h.engine.sweep({ reason: 'manual' })).toEqual({ status: 'skipped', reason: 'rate_limited' });
  });
});

describe('progress the pages show', () => {
  const clock = resetEachTest();

  it('discovery reports business portfolios read of total while it runs, then clears; a discovery that died stops showing', async () => {
    const graph = scaleGraph();
    const seen: Array<{ done: number; total: number } | undefined> = [];
    const { wrapped } = observed(graph);
    const factory = wrapped;
    const h = makeEngine(graph, clock, {
      graph: (options) => {
        const port = factory(options);
        return {
          ...port,
          listBusinesses: async () => [
            { id: '1', name: 'A' },
            { id: '2', name: 'B' },
            { id: '3', name: 'C' },
          ],
          listOwnedWabas: async () => {
            const d = (await engineItem.getValue()).discovery;
            seen.push(d && { done: d.done, total: d.total });
            return [];
          },
        };
      },
    });
    await h.engine.saveToken(TOKEN);
    expect(seen).toEqual([
      { done: 0, total: 3 },
      { done: 1, total: 3 },
      { done: 2, total: 3 },
    ]);
    expect((await engineItem.getValue()).discovery).toBeUndefined();

    // A worker that died mid-discovery left its progress: not renewed, it is cleared on recovery.
    await engineItem.update((e) => ({ ...e, discovery: { done: 1, total: 3, until: clock.t + 60_000 } }));
    clock.advance(3 * 60_000);
    await h.engine.recover();
    expect((await engineItem.getValue()).discovery).toBeUndefined();
  });
});
