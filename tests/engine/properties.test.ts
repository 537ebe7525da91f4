import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetIndexedDb } from '../support/idb';
import { InfoError } from '@/lib/info-error';
import { pinsItem, registrationsItem } from '@/lib/storage/items';
import { FakeClock, FakeGraph, WABA, stuck, onboardAndSweep } from './fixtures';
import { DAY, Killed, MIN, MetaModel, kill, prng, settleWithin, spawnInstance, turn, type Answer, type Instance } from './model';

/**
 * Issue 9, property tests: random interleavings of sweeps, wakes, popup and page registrations, worker
 * restarts, clock jumps (forward and back), new tokens, numbers deleted at Meta, late network answers, over
 * slow storage, against a model of Meta (./model.ts). Invariants (checked inside the model's register
 * handler as each call is sent, and on stored state at quiet points and at the end):
 *
 *  a. at most one register call in flight per number (issued by a live worker and not yet settled);
 *  b. at most 10 register calls per number in any 72 h window of REAL time: the model's `real` clock moves
 *     forward by every forward jump and not at all on a backward jump (Meta's clock does not follow the
 *     laptop's). Every call sent counts, whether it reached Meta or not;
 *  c. at a quiet point (no live operation running, no register lease held in storage), the stored PIN equals
 *     Meta's PIN for every number whose PIN Meta holds and the engine can know (MetaModel.pinKnowable: the
 *     engine heard Meta accept a call with it, or its own call set it and every unanswered call used that
 *     same PIN; a PIN Meta held from the start is unknown until the person types it). No setPin;
 *  d. every register call follows a fresh read of that number by the same port, and that read reported the
 *     number neither provisioned nor removed from its WABA;
 *  e. no register call with a token other than the one the engine has stored (a new token was saved: the
 *     older generation never registers); plus: a killed worker never sends a register call.
 * Liveness: once the network settles, every operation of a live worker settles (no lock held for ever).
 */
const NUMS = ['1000000000101', '1000000000102', '1000000000103'];
const tokenOf = (i: number) => `EAAGmodelToken${String(i).padStart(3, '0')}Abcdefghijklmnopqrstuvwxyz0123`;

const answerArb = (pressure: boolean): fc.Arbitrary<Answer> =>
  fc.oneof(
    { weight: pressure ? 1 : 4, arbitrary: fc.record({ kind: fc.constant('success' as const), lagMin: fc.constantFrom(0, 0, 2, 20) }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'certificate' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'limit' as const }) },
    { weight: pressure ? 6 : 3, arbitrary: fc.constant({ kind: 'transient' as const }) },
    { weight: pressure ? 0 : 1, arbitrary: fc.constant({ kind: 'token' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('timeout' as const),
        reached: fc.boolean(),
        then: fc.constantFrom('success' as const, 'transient' as const),
      }),
    },
  );

const numberArb = (pressure: boolean) =>
  fc.record({
    /** Meta holds a PIN from the start (the person knows it; the engine does not). */
    pinAtMeta: fc.boolean(),
    review: fc.boolean(),
    script: fc.array(answerArb(pressure), { maxLength: pressure ? 24 : 8, size: 'max' }),
  });

const num = fc.integer({ min: 0, max: NUMS.length - 1 });
const gap = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.constant(40));
const minutes = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((m) => m * MIN);

type Action =
  | { t: 'sweep' | 'wake' | 'network' | 'tick' | 'quiet' | 'token'; gap: number }
  | { t: 'popup' | 'delete' | 'review'; n: number; gap: number }
  | { t: 'page'; n: number; right: boolean; gap: number }
  | { t: 'restart'; reached: boolean; hang: boolean; gap: number }
  | { t: 'fwd' | 'back'; ms: number; gap: number };

/**
 * `pressure`: mostly failing answers, many manual attempts and short clock steps, so numbers stay stuck and
 * the 10-calls-per-72-h budget is actually reached; otherwise a mixed profile (days-long jumps, token changes).
 */
const actionArb = (pressure: boolean): fc.Arbitrary<Action> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('sweep' as const), gap }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('wake' as const), gap }) },
    { weight: pressure ? 6 : 3, arbitrary: fc.record({ t: fc.constant('popup' as const), n: num, gap }) },
    { weight: pressure ? 6 : 3, arbitrary: fc.record({ t: fc.constant('page' as const), n: num, right: fc.boolean(), gap }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('restart' as const), reached: fc.boolean(), hang: fc.boolean(), gap }) },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('fwd' as const),
        ms: pressure
          ? fc.oneof(minutes(1, 40), minutes(60, 8 * 60))
          : fc.oneof(
              minutes(1, 59),
              minutes(60, 30 * 60),
              fc.integer({ min: 1, max: 3 }).map((d) => d * DAY),
            ),
        gap,
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('back' as const), ms: fc.oneof(minutes(1, 59), minutes(60, 12 * 60)), gap }) },
    { weight: pressure || process.env.PROPERTY_NO_TOKEN ? 0 : 1, arbitrary: fc.record({ t: fc.constant('token' as const), gap }) },
    { weight: process.env.PROPERTY_NO_DELETE ? 0 : 1, arbitrary: fc.record({ t: fc.constant('delete' as const), n: num, gap }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('review' as const), n: num, gap }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('network' as const), gap }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('tick' as const), gap }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('quiet' as const), gap }) },
  );

const scenarioArb = fc.boolean().chain((pressure) =>
  fc.record({
    pressure: fc.constant(pressure),
    seed: fc.integer(),
    numbers: fc.tuple(numberArb(pressure), numberArb(pressure), numberArb(pressure)),
    actions: fc.array(actionArb(pressure), { minLength: pressure ? 40 : 10, maxLength: pressure ? 120 : 40, size: 'max' }),
  }),
);

const tally = (r: { status: string; refusal?: { reason: string } }) => {
  const k = r.status + (r.refusal ? `:${r.refusal.reason}` : '');
  stats.results[k] = (stats.results[k] ?? 0) + 1;
};
const stats = {
  results: {} as Record<string, number>,
  runs: 0,
  registerCalls: 0,
  graphCalls: 0,
  maxPerNumber: 0,
  pinsChecked: 0,
  provisioned: 0,
  restarts: 0,
};

/** Runs one scenario; returns the model (its violations) and unexpected errors of live workers. */
async function run(s: {
  pressure?: boolean;
  seed: number;
  numbers: Array<{ pinAtMeta: boolean; review: boolean; script: Answer[] }>;
  actions: Action[];
}) {
  fakeBrowser.reset();
  await resetIndexedDb();
  const rng = prng(s.seed);
  const clock = new FakeClock();
  let tokens = 0;
  const model = new MetaModel(clock, rng, tokenOf(tokens));
  // Under pressure, Meta keeps failing once the script is used up: numbers stay stuck and the budget fills.
  if (s.pressure) model.fallback = { kind: 'transient' };
  s.numbers.forEach((cfg, i) =>
    model.addNumber(WABA, {
      id: NUMS[i]!,
      pin: cfg.pinAtMeta ? `2468${i}${i}` : undefined,
      personPin: `13579${i}`,
      nameStatus: cfg.review ? 'PENDING_REVIEW' : 'APPROVED',
      script: structuredClone(cfg.script),
    }),
  );
  const errors: string[] = [];
  const tasks: Array<{ inst: Instance; p: Promise<unknown>; what: string; done: boolean }> = [];
  let cur = spawnInstance(model, rng, { slow: true });
  const launch = (what: string, inst: Instance, p: Promise<unknown>) => {
    const guarded = p.catch((e) => {
      if (inst.ctl.killed || e instanceof Killed) return;
      if (e instanceof InfoError && what === 'saveToken') return; // Meta refused a token mid-run: a person's problem
      errors.push(`${what} of ${inst.ctl.id} threw: ${String(e?.stack ?? e)}`);
    });
    const task = { inst, p: guarded, what, done: false };
    void guarded.then(() => (task.done = true));
    tasks.push(task);
    return guarded;
  };
  const quiesce = async () => {
    const live = tasks.filter((t) => !t.inst.ctl.killed);
    try {
      await settleWithin(
        live.map((t) => t.p),
        5_000,
        () => model.settleNetwork(),
      );
    } catch (e) {
      model.violate(
        `${String(e)}: ${live
          .filter((t) => !t.done)
          .map((t) => `${t.what} of ${t.inst.ctl.id}`)
          .join(', ')}`,
      );
      throw new Error(explain(model, errors));
    }
  };
  const checkPins = async () => {
    const [pins, regs] = await Promise.all([pinsItem.getValue(), registrationsItem.getValue()]);
    for (const n of model.numbers.values()) {
      if (!model.pinKnowable(n) || regs[n.id]?.inFlight) continue;
      if (pins[n.id]?.pin !== n.pin) model.violate(`c: ${n.id}: Meta holds PIN ${n.pin}, stored ${JSON.stringify(pins[n.id])}`);
    }
  };

  launch('saveToken', cur, cur.engine.saveToken(tokenOf(0)));
  await quiesce();
  // The first sweep stores the numbers (and may try the ones without a PIN): the engine has been running.
  launch('sweep', cur, cur.engine.sweep({ reason: 'alarm' }));
  await quiesce();
  for (const a of s.actions) {
    switch (a.t) {
      case 'sweep':
        launch('sweep', cur, cur.engine.sweep({ reason: 'alarm' }));
        break;
      case 'wake':
        launch('wake', cur, cur.engine.wake());
        break;
      case 'popup':
        launch('register', cur, cur.engine.register(NUMS[a.n]!, { mode: 'manual' }).then(tally));
        break;
      case 'page': {
        const pin = a.right ? model.rightPin(NUMS[a.n]!) : model.wrongPin(NUMS[a.n]!);
        launch('register', cur, cur.engine.register(NUMS[a.n]!, { mode: 'manual', pin }).then(tally));
        break;
      }
      case 'restart':
        kill(cur, { reached: a.reached, hang: a.hang });
        cur = spawnInstance(model, rng, { slow: true });
        launch('recover', cur, cur.engine.recover());
        break;
      case 'fwd':
      case 'back':
        model.jump(a.t === 'fwd' ? a.ms : -a.ms);
        break;
      case 'tick':
        cur.timers.fire();
        break;
      case 'token': {
        // The person makes a new token at Meta (the old one stops working there) and saves it.
        const token = tokenOf(++tokens);
        model.validToken = token;
        launch('saveToken', cur, cur.engine.saveToken(token));
        break;
      }
      case 'delete':
        model.numbers.get(NUMS[a.n]!)!.inWaba = false;
        break;
      case 'review':
        model.numbers.get(NUMS[a.n]!)!.nameStatus = 'APPROVED';
        break;
      case 'network':
        model.settleNetwork();
        break;
      case 'quiet':
        await quiesce();
        await checkPins();
        break;
    }
    for (let i = 0; i < a.gap; i++) await turn();
  }
  // The end: the network settles, every live operation ends; then past every register lease, a recovery.
  await quiesce();
  model.jump(2 * MIN);
  launch('recover', cur, cur.engine.recover());
  await quiesce();
  await checkPins();
  stats.runs++;
  stats.registerCalls += model.registerCalls.length;
  stats.graphCalls += model.log.length;
  stats.maxPerNumber = Math.max(stats.maxPerNumber, ...[...model.numbers.values()].map((n) => n.sent.length));
  stats.pinsChecked += [...model.numbers.values()].filter((n) => model.pinKnowable(n)).length;
  stats.provisioned += [...model.numbers.values()].filter((n) => model.isProvisioned(n)).length;
  stats.restarts += s.actions.filter((a) => a.t === 'restart').length;
  return { model, errors };
}

function explain(model: MetaModel, errors: string[]): string {
  const trace =
    process.env.PROPERTY_TRACE && (model.violations.length || errors.length)
      ? ['Graph calls:', ...model.log.map((c) => `  ${c.instance} ${c.op}${c.phoneId ? ` ${c.phoneId}` : ''} real+${c.real / MIN}m`)]
      : [];
  return [...model.violations, ...errors, ...trace].join('\n');
}

describe('engine properties against a model of Meta (issue 9)', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('invariants a-e hold under random interleavings, restarts, clock jumps, token changes and slow storage', async () => {
    if (process.env.PROPERTY_REPLAY) {
      // PROPERTY_REPLAY=file.json: one counterexample as printed by fast-check, run alone (PROPERTY_TRACE=1 lists the calls).
      const { readFileSync } = await import('node:fs');
      const { model, errors } = await run(JSON.parse(readFileSync(process.env.PROPERTY_REPLAY, 'utf8')));
      expect(explain(model, errors)).toBe('');
      return;
    }
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { model, errors } = await run(s);
        if (model.violations.length || errors.length) throw new Error(explain(model, errors));
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 150),
        seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
        endOnFailure: process.env.PROPERTY_SHRINK === '0',
      },
    );
    if (process.env.PROPERTY_STATS) console.log(stats);
  }, 120_000);
});

describe('minimal counterexamples found by the properties', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  /**
   * Invariant e, shrunk by hand from property runs (e.g. seed -1709028577 family): the claim checks the token
   * generation INSIDE the registrations write, but saving a token writes the token and its status under
   * another lock (tokenPair / tokenStatus). When the claim waits on the PIN store after its check (slow
   * storage, another PIN write), a new token can be saved meanwhile; the claim then stores its lease and the
   * call goes out with the OLD token (Meta answers 190 if it revoked it, or registers with it if not).
   */
  it('e: a token saved while a claim waits on the PIN store: no register call goes out with the old token', async () => {
    const clock = new FakeClock();
    const id = '1000000000002';
    const graph = new FakeGraph().add(WABA, stuck(id));
    const factory = graph.factory();
    const tokensOfCalls: string[] = [];
    const h = await onboardAndSweep(graph, clock, {
      graph: (options) => {
        const port = factory(options);
        return { ...port, register: (phoneId, pin) => (tokensOfCalls.push(options.token), port.register(phoneId, pin)) };
      },
    });
    // Another PIN write holds the PIN store for a while (slow storage).
    let release!: () => void;
    const busy = new Promise<void>((r) => (release = r));
    const holder = pinsItem.update(async (p) => (await busy, p));
    const call = h.engine.register(id, { mode: 'manual' });
    for (let i = 0; i < 50; i++) await turn(); // the claim has checked the generation and waits for the PIN store
    const NEW = 'EAAGbrandNewTokenAbcdefghijklmnopqrstuvwxyz0123';
    await h.engine.saveToken(NEW);
    release();
    await holder;
    await call;
    expect(tokensOfCalls.filter((t) => t !== NEW)).toEqual([]);
  });
});
