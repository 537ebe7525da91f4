/**
 * Sweep benchmark: reading the health of 1,000 numbers in 20 WABAs through the simulator with 150 ms
 * latency per HTTP request. WABA Health's sweep (batched field expansion) against the naive approach of
 * the seed system (one GET per number).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GraphSimulator } from '../tests/support/simulator';

// The engine's storage items use the extension storage API; in Node, the in-memory fake stands in.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

export interface SweepRun {
  calls: number;
  ms: number;
  numbers: number;
}

export interface SweepBenchResult {
  ours: SweepRun[];
  naive: SweepRun[];
  naiveConcurrency: number;
  /** Storage after our last sweep, reused to seed the popup benchmark with 1,000 real numbers. */
  storageSnapshot: Record<string, unknown>;
}

export async function benchSweep(sim: GraphSimulator, runs: number, naiveConcurrency: number): Promise<SweepBenchResult> {
  const { createEngine } = await import('../lib/engine/engine');
  const { clientPortFactory } = await import('../lib/engine/graph-port-client');
  const { createGraphClient } = await import('../lib/graph/client');
  const { PHONE_HEALTH_FIELDS, fieldList } = await import('../lib/graph/fields');
  const { PhoneNumberSchema } = await import('../lib/graph/schemas');
  const { stores, numbersItem } = await import('../lib/storage/items');

  const ours: SweepRun[] = [];
  const naive: SweepRun[] = [];
  let storageSnapshot: Record<string, unknown> = {};

  for (let i = 0; i < runs; i++) {
    fakeBrowser.reset();
    const engine = createEngine({
      stores,
      graph: clientPortFactory({ fetch: sim.fetch }),
      now: () => sim.now(),
      random: Math.random,
      generatePin: () => '424242',
      notify: async () => {},
      setBadge: async () => {},
      scheduleWake: async () => {},
      instanceId: 'bench',
    });
    await engine.saveToken(sim.tokens.valid); // validation + discovery: not part of the sweep figure
    await stores.settings.update((s) => ({ ...s, autoRetry: false })); // compare reads with reads
    const before = sim.requests.length;
    const t0 = performance.now();
    const result = await engine.sweep({ reason: 'manual' });
    const ms = performance.now() - t0;
    if (result.status !== 'done') throw new Error(`sweep did not run: ${JSON.stringify(result)}`);
    ours.push({ calls: sim.requests.length - before, ms, numbers: Object.keys(await numbersItem.getValue()).length });
    storageSnapshot = await fakeBrowser.storage.local.get(null);
  }

  const phoneIds = Object.keys((storageSnapshot.numbers as Record<string, unknown>) ?? {});
  const client = createGraphClient({ token: sim.tokens.valid, fetch: sim.fetch });
  const fields = fieldList(PHONE_HEALTH_FIELDS);
  for (let i = 0; i < runs; i++) {
    const before = sim.requests.length;
    const t0 = performance.now();
    let read = 0;
    const queue = [...phoneIds];
    await Promise.all(
      Array.from({ length: naiveConcurrency }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          await client.get(id, { fields }, PhoneNumberSchema);
          read++;
        }
      }),
    );
    naive.push({ calls: sim.requests.length - before, ms: performance.now() - t0, numbers: read });
  }
  return { ours, naive, naiveConcurrency, storageSnapshot };
}
