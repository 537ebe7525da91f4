/**
 * Sweep benchmark: reading the health of every number of a simulator scenario through the real engine
 * (createEngine + the Graph client over real HTTPS to the simulator, which adds a fixed latency to every
 * HTTP request). Used at two sizes: `scale` (1,000 numbers in 20 WABAs) and `agency` (10,000 numbers in
 * 2,000 WABAs, 1,980 of them client WABAs). WABA Health's sweep (batched field expansion) against the naive
 * approach of the seed system (one GET per number), plus discovery (token check + listing every WABA).
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { GraphSimulator } from '../tests/support/simulator';
import { resetIndexedDb } from '../tests/support/idb';

// The engine's storage uses the extension storage API and IndexedDB; in Node, in-memory fakes stand in
// (so the storage part of these figures is the fakes', not Chromium's: the browser benchmark measures that).
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

export interface SweepRun {
  calls: number;
  ms: number;
  numbers: number;
  /** Toolbar badge text after the sweep. */
  badge?: string;
}

export interface DiscoveryRun {
  /** HTTP calls of saving the token: debug_token + /me/businesses + owned + client WABA pages. */
  calls: number;
  ms: number;
  wabas: number;
  clientWabas: number;
  /** Distinct owner businesses among the discovered WABAs. */
  owners: number;
}

/** Bytes handed to IndexedDB (JSON size of the records put) by one single-number change after a sweep. */
export interface UpdateBytes {
  /** A re-read of one number (engine.recheck): its record and its summary. */
  recheck: number;
  /** One registration (claim, PIN, call, outcome, fresh read): every record it writes. */
  register: number;
  /** Puts of the registration (how many records it wrote, over all its transactions). */
  registerPuts: number;
}

export interface SweepBenchOptions {
  /** After the last run, measure what one number's change writes (UpdateBytes). */
  measureUpdate?: boolean;
  /** Run the naive approach for real (default true); false leaves `naive` empty (computed by the caller). */
  runNaive?: boolean;
}

export interface SweepBenchResult {
  ours: SweepRun[];
  naive: SweepRun[];
  naiveConcurrency: number;
  discovery: DiscoveryRun[];
  /** The sweep's batch reads alone through the Graph port (same batches, same concurrency), nothing stored. */
  readsAlone: SweepRun[];
  update?: UpdateBytes;
}

export async function benchSweep(
  sim: GraphSimulator,
  runs: number,
  naiveConcurrency: number,
  options: SweepBenchOptions = {},
): Promise<SweepBenchResult> {
  const { createEngine } = await import('../lib/engine/engine');
  const { clientPortFactory } = await import('../lib/engine/graph-port-client');
  const { WABAS_PER_CALL, SWEEP_CONCURRENCY } = await import('../lib/engine/sweep');
  const { createGraphClient } = await import('../lib/graph/client');
  const { PHONE_HEALTH_FIELDS, fieldList } = await import('../lib/graph/fields');
  const { PhoneNumberSchema } = await import('../lib/graph/schemas');
  const { stores } = await import('../lib/storage/items');

  const ours: SweepRun[] = [];
  const naive: SweepRun[] = [];
  const discovery: DiscoveryRun[] = [];
  const readsAlone: SweepRun[] = [];
  const baseFactory = clientPortFactory({ fetch: sim.fetch });
  let wabaIds: string[] = [];

  let update: UpdateBytes | undefined;

  /** JSON bytes of every IndexedDB put while `work` runs. */
  async function bytesPut(work: () => Promise<unknown>): Promise<{ bytes: number; puts: number }> {
    const put = IDBObjectStore.prototype.put;
    let bytes = 0;
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      bytes += JSON.stringify(value ?? null).length;
      puts++;
      return put.call(this, value, key);
    };
    try {
      await work();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    return { bytes, puts };
  }

  async function engineRun(last: boolean): Promise<{ sweep: SweepRun; discovery: DiscoveryRun }> {
    fakeBrowser.reset();
    await resetIndexedDb();
    let badge = '';
    const engine = createEngine({
      stores,
      graph: baseFactory,
      now: () => sim.now(),
      random: Math.random,
      generatePin: () => '424242',
      notify: async () => {},
      setBadge: async (b) => {
        badge = b.text;
      },
      scheduleWake: async () => {},
      instanceId: 'bench',
    });
    // Discovery: validation (debug_token) + every business, owned and client WABA page. Not in the sweep figure.
    let before = sim.requests.length;
    let t0 = performance.now();
    await engine.saveToken(sim.tokens.valid);
    const discoveryMs = performance.now() - t0;
    const accounts = Object.values((await stores.accounts.getValue()).wabas);
    wabaIds = accounts.map((w) => w.id);
    const discovery: DiscoveryRun = {
      calls: sim.requests.length - before,
      ms: discoveryMs,
      wabas: accounts.length,
      clientWabas: accounts.filter((w) => w.sources.includes('client')).length,
      owners: new Set(accounts.map((w) => w.businessId)).size,
    };
    await stores.settings.update((s) => ({ ...s, autoRetry: false })); // compare reads with reads
    before = sim.requests.length;
    t0 = performance.now();
    const result = await engine.sweep({ reason: 'manual' });
    const ms = performance.now() - t0;
    if (result.status !== 'done') throw new Error(`sweep did not run: ${JSON.stringify(result)}`);
    if (last && options.measureUpdate) {
      const toRegister = Object.keys(await stores.summaries.where('decision', 'register'));
      const any = Object.keys(
        await stores.summaries.getMany(wabaIds.length ? ((await stores.accounts.getWaba(wabaIds[0]!))?.phoneIds ?? []) : []),
      );
      const recheck = await bytesPut(() => engine.recheck(any.slice(0, 1)));
      const register = await bytesPut(() => engine.register(toRegister[0]!, { mode: 'manual' }));
      update = { recheck: recheck.bytes, register: register.bytes, registerPuts: register.puts };
    }
    return {
      sweep: { calls: sim.requests.length - before, ms, numbers: Object.keys(await stores.summaries.getValue()).length, badge },
      discovery,
    };
  }

  for (let i = 0; i < runs; i++) {
    const run = await engineRun(i === runs - 1);
    ours.push(run.sweep);
    discovery.push(run.discovery);
  }
  const phoneIds = Object.keys(await stores.summaries.getValue());
  fakeBrowser.reset();
  await resetIndexedDb();

  // The sweep's reads without the engine: same batches (WABAS_PER_CALL WABAs a call), same SWEEP_CONCURRENCY.
  for (let i = 0; i < runs; i++) {
    const port = baseFactory({ token: sim.tokens.valid, version: (await stores.settings.getValue()).graphVersion });
    const batches: string[][] = [];
    for (let k = 0; k < wabaIds.length; k += WABAS_PER_CALL) batches.push(wabaIds.slice(k, k + WABAS_PER_CALL));
    let next = 0;
    let numbers = 0;
    const before = sim.requests.length;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(SWEEP_CONCURRENCY, batches.length) }, async () => {
        while (next < batches.length) {
          const results = await port.readWabas(batches[next++]!);
          for (const r of results.values()) if ('phoneNumbers' in r) numbers += r.phoneNumbers.length;
        }
      }),
    );
    readsAlone.push({ calls: sim.requests.length - before, ms: performance.now() - t0, numbers });
  }

  if (options.runNaive !== false) {
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
  }
  return { ours, naive, naiveConcurrency, discovery, readsAlone, update };
}
