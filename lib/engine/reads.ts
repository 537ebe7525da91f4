import { storedError } from '../errors-for-people';
import { isGraphError, type GraphError } from '../graph/errors';
import type { PhoneNumber } from '../graph/schemas';
import type { Selection } from '../storage/collection';
import type { NumberState, Settings, StoredError } from '../storage/schemas';
import type { EngineContext } from './deps';
import type { Gates } from './gates';
import type { WabaRead } from './graph-port';
import { applyRead, applyReadError } from './number-update';
import { parentProblems, problemKey, type EntityProblem } from '../health/entities';
import type { Accounts, Change, WabaState } from '../storage/schemas';
import { numberName, SUMMARY_AFTER } from './notifications';

/**
 * Stores what Graph reads returned: numbers (classification, decision, history; failures keep the last
 * snapshot, marked stale), WABAs, and numbers that are gone. Announces numbers that entered stuck or
 * blocked. Results of an older token generation are dropped whole.
 */
/**
 * A sweep's batches stored one by one but announced together: one time for every number it read, and the
 * numbers that entered stuck or blocked gathered for one announcement at its end (`announce`).
 */
export interface SweepNotices {
  at: number;
  numbers: NumberState[];
  /**
   * Entity problems (lib/health/entities.ts problemKey) stored on any WABA when the sweep began, and the
   * ones it announced since: a problem is announced when it is in neither (once, whatever reports it).
   */
  problems?: { known: ReadonlySet<string>; announced: Set<string> };
}

/** A problem of an entity above the numbers, with the WABA that reported it and the entity's name. */
interface NewProblem {
  problem: EntityProblem;
  wabaId: string;
  name: string;
}

/** A problem's notification title by entity and state (a WABA's for any other entity type). */
const ENTITY_TITLES = {
  'BUSINESS:BLOCKED': 'notifyBusinessBlockedTitle',
  'BUSINESS:LIMITED': 'notifyBusinessLimitedTitle',
  'APP:BLOCKED': 'notifyAppBlockedTitle',
  'APP:LIMITED': 'notifyAppLimitedTitle',
  'WABA:BLOCKED': 'notifyWabaBlockedTitle',
  'WABA:LIMITED': 'notifyWabaLimitedTitle',
} as const;
const entityTitle = (p: EntityProblem) =>
  ENTITY_TITLES[`${p.type}:${p.canSend}` as keyof typeof ENTITY_TITLES] ??
  (p.canSend === 'BLOCKED' ? ENTITY_TITLES['WABA:BLOCKED'] : ENTITY_TITLES['WABA:LIMITED']);

export interface Reads {
  /** Per-WABA results; returns how many numbers were read. Announces at once, or gathers into `sweep`. */
  applyWabaReads(
    reads: ReadonlyMap<string, WabaRead | GraphError>,
    settings: Settings,
    generation: number,
    sweep?: SweepNotices,
  ): Promise<number>;
  /** Announces what a sweep gathered: one notification each, or one summary past SUMMARY_AFTER. */
  announce(notices: SweepNotices, generation: number): Promise<void>;
  /** Per-number results (re-reads); numbers not tracked are ignored. */
  applyPhoneReads(reads: ReadonlyMap<string, PhoneNumber | GraphError>, settings: Settings, generation: number): Promise<void>;
}

const webhooksState = (read: WabaRead): 'none' | 'ok' | 'unknown' =>
  read.subscribedApps === undefined ? 'unknown' : read.subscribedApps.length ? 'ok' : 'none';

/** The coverage last known (`unknown`, Meta refusing to say, keeps what was known before it). */
const knownCoverage = (w: WabaState['webhooks']): 'none' | 'ok' | undefined => (w?.state === 'unknown' ? w.known : w?.state);

/** Every problem stored on a WABA still in reach (what is already known, hence not announced again). */
export const storedProblems = (accounts: Accounts): Set<string> =>
  new Set(
    Object.values(accounts.wabas)
      .filter((w) => w.removedAt === undefined)
      .flatMap((w) => (w.entities ?? []).map(problemKey)),
  );

/** The first error that stops calls altogether (a dead token or a rate limit), if any. */
export const fatalOf = (errors: Iterable<unknown>): GraphError | undefined =>
  [...errors].find((e): e is GraphError => isGraphError(e) && (e.kind === 'auth' || e.kind === 'rate_limit'));

export function createReads(ctx: EngineContext, gates: Gates): Reads {
  const { stores } = ctx;

  async function announceState(number: NumberState): Promise<void> {
    const name = numberName(number);
    const display = String(number.snapshot?.display_phone_number ?? number.id);
    const blocked = number.health === 'blocked';
    await gates.announce(
      { kind: 'state', health: number.health, phoneId: number.id },
      blocked ? 'blocked' : 'stuck',
      { key: blocked ? 'notifyBlockedTitle' : 'notifyStuckTitle', subs: [name] },
      // A number Meta will not register before its ownership is verified waits for a person, not for us.
      {
        key: blocked ? 'notifyBlockedBody' : number.decision === 'verify_ownership' ? 'notifyStuckVerifyBody' : 'notifyStuckBody',
        subs: [display],
      },
    );
  }

  /**
   * One write for the numbers: successful reads, failures (stale), and numbers absent from a complete
   * read of their WABA (removed). Then the announcements.
   */
  async function storeNumbers(
    reads: ReadonlyArray<{ wabaId: string; phone: PhoneNumber }>,
    failureOf: (number: NumberState) => StoredError | undefined,
    completeWabas: ReadonlySet<string>,
    /** The numbers this write may touch: the ones read, and those of the WABAs read whole or failed. */
    scope: Selection,
    settings: Settings,
    generation: number,
    from: 'waba' | 'phone',
    sweep?: SweepNotices,
    /** Changes of each WABA read (webhook coverage) for its numbers' timelines. */
    wabaChanges?: ReadonlyMap<string, Change[]>,
  ): Promise<void> {
    const now = sweep?.at ?? ctx.now();
    const notices: NumberState[] = [];
    const readIds = new Set(reads.map((r) => r.phone.id));
    if (!(await gates.isCurrent(generation))) return;
    await stores.numbers.update(async (current) => {
      // Checked again under the store's lock: "Forget all data" clears under it, so a read taken before
      // it never writes after it.
      if (!(await gates.isCurrent(generation))) return current;
      const next = { ...current };
      for (const { wabaId, phone } of reads) {
        const prev = next[phone.id];
        const update = applyRead(prev, phone as PhoneNumber & { id: string }, { wabaId, now, settings, changes: wabaChanges?.get(wabaId) });
        if (from === 'phone' && prev?.removedAt !== undefined) {
          // Read alone, a number can still answer after it left its WABA: only its WABA's read brings it back.
          next[phone.id] = { ...update.next, removedAt: prev.removedAt, decision: 'none', notifiedHealth: prev.notifiedHealth };
          continue;
        }
        next[phone.id] = update.next;
        if (update.notify) notices.push(update.next);
      }
      for (const n of Object.values(next)) {
        if (readIds.has(n.id)) continue;
        if (completeWabas.has(n.wabaId)) {
          // Its WABA was read whole and no longer lists it: gone (never registered, not in the badge).
          if (n.removedAt === undefined) next[n.id] = { ...n, removedAt: now, decision: 'none' };
          continue;
        }
        const failure = failureOf(n);
        if (failure) next[n.id] = applyReadError(n, failure);
      }
      return next;
    }, scope);
    if (sweep) sweep.numbers.push(...notices);
    else await announce({ at: now, numbers: notices }, generation);
  }

  async function announce(notices: SweepNotices, generation: number): Promise<void> {
    if (!notices.numbers.length || !(await gates.isCurrent(generation))) return;
    if (notices.numbers.length > SUMMARY_AFTER) await announceSummary(notices.numbers, notices.at);
    else for (const number of notices.numbers) await announceState(number);
  }

  /** One notification per problem of an entity above the numbers, whatever the number of numbers under it. */
  async function announceProblem({ problem, wabaId, name }: NewProblem): Promise<void> {
    const first = problem.errors[0];
    await gates.announce(
      { kind: 'entity', entity: problem.type, id: problem.id ?? wabaId, wabaId },
      'blocked',
      { key: entityTitle(problem), subs: [name] },
      first
        ? { key: 'notifyEntityErrorBody', subs: [first.code ?? '?', first.description ?? '', first.solution ?? ''] }
        : { key: 'notifyEntityInfoBody', subs: [problem.info[0] ?? ''] },
    );
  }

  /** One notification for many numbers (a first sweep of a large account finds hundreds). */
  async function announceSummary(numbers: NumberState[], at: number): Promise<void> {
    const names = numbers.slice(0, SUMMARY_AFTER).map(numberName).join(', ');
    const more = numbers.length - Math.min(numbers.length, SUMMARY_AFTER);
    const blocked = numbers.filter((n) => n.health === 'blocked').length;
    const stuck = numbers.length - blocked;
    await gates.announce(
      { kind: 'summary', at },
      blocked ? 'blocked' : 'stuck',
      { key: 'notifySummaryTitle', subs: [numbers.length] },
      more > 0
        ? { key: 'notifySummaryBodyMore', subs: [names, more, stuck, blocked] }
        : { key: 'notifySummaryBody', subs: [names, stuck, blocked] },
    );
  }

  async function applyWabaReads(
    reads: ReadonlyMap<string, WabaRead | GraphError>,
    settings: Settings,
    generation: number,
    sweep?: SweepNotices,
  ): Promise<number> {
    // Both writes (WABAs, then numbers) check the generation under their store's lock.
    const now = sweep?.at ?? ctx.now();
    const phones: Array<{ wabaId: string; phone: PhoneNumber }> = [];
    const wabaErrors = new Map<string, StoredError>();
    const complete = new Set<string>();
    for (const [wabaId, read] of reads) {
      if (isGraphError(read)) wabaErrors.set(wabaId, storedError(read, now));
      else {
        for (const phone of read.phoneNumbers) phones.push({ wabaId, phone });
        if (read.complete) complete.add(wabaId);
      }
    }
    const scope = { ids: phones.map((p) => p.phone.id), index: { name: 'wabaId', values: [...complete, ...wabaErrors.keys()] } };
    if (!(await gates.isCurrent(generation))) return 0;
    // The WABAs first: a change of one's webhook coverage goes into the timeline of each of its numbers read.
    const wabaChanges = new Map<string, Change[]>();
    const lostWebhooks: string[] = [];
    const namesOfWabas = new Map<string, string>();
    const problems = new Map<string, NewProblem>();
    const tracked = sweep?.problems ?? { known: storedProblems(await stores.accounts.getValue()), announced: new Set<string>() };
    await stores.accounts.update(async (accounts) => {
      if (!(await gates.isCurrent(generation))) return accounts;
      const wabas = { ...accounts.wabas };
      for (const [wabaId, read] of reads) {
        const prev = wabas[wabaId] ?? { id: wabaId, sources: [], phoneIds: [] };
        if (isGraphError(read)) {
          wabas[wabaId] = { ...prev, lastError: wabaErrors.get(wabaId) };
        } else {
          const owner = read.waba.owner_business_info;
          const webhooks = webhooksState(read);
          // An entity Meta names without an id is this WABA's (or its portfolio's): never merged with another's.
          const entities = parentProblems(read.phoneNumbers.map((p) => p.health_status)).map((p) =>
            p.id || p.type === 'APP' ? p : { ...p, id: p.type === 'BUSINESS' ? (owner?.id ?? prev.businessId ?? wabaId) : wabaId },
          );
          for (const problem of entities) {
            const key = problemKey(problem);
            if (tracked.known.has(key) || tracked.announced.has(key)) continue;
            tracked.announced.add(key);
            const name =
              problem.type === 'BUSINESS'
                ? (owner?.name ?? prev.businessName)
                : problem.type === 'WABA'
                  ? (read.waba.name ?? prev.name)
                  : read.subscribedApps?.find((a) => a.id === problem.id)?.name;
            problems.set(key, { problem, wabaId, name: name ?? problem.id ?? wabaId });
          }
          const wasKnown = knownCoverage(prev.webhooks);
          // `unknown` (Meta would not say) is no coverage of its own: only ok <-> none, across it, is a change.
          if (wasKnown && webhooks !== 'unknown' && wasKnown !== webhooks)
            wabaChanges.set(wabaId, [{ at: now, field: 'webhooks', from: wasKnown, to: webhooks }]);
          if (wasKnown === 'ok' && webhooks === 'none') {
            lostWebhooks.push(wabaId);
            namesOfWabas.set(wabaId, read.waba.name ?? prev.name ?? wabaId);
          }
          wabas[wabaId] = {
            ...prev,
            name: read.waba.name ?? prev.name,
            businessId: owner?.id ?? prev.businessId,
            businessName: owner?.name ?? prev.businessName,
            phoneIds: read.phoneNumbers.map((p) => p.id),
            lastReadAt: now,
            lastError: undefined,
            webhooks: {
              state: webhooks,
              apps: read.subscribedApps ?? prev.webhooks?.apps ?? [],
              at: now,
              ...(webhooks === 'unknown' ? (wasKnown ? { known: wasKnown } : {}) : {}),
            },
            entities,
          };
        }
      }
      return { ...accounts, wabas };
    }, reads.keys());
    await storeNumbers(phones, (n) => wabaErrors.get(n.wabaId), complete, scope, settings, generation, 'waba', sweep, wabaChanges);
    // A problem above the numbers known to no WABA before: announced once, as soon as stored (a worker
    // that dies later in the sweep has already said it).
    for (const problem of problems.values()) await announceProblem(problem);
    // One notification per WABA that lost its last subscribed app (read as `ok` before, `none` now).
    for (const wabaId of lostWebhooks) {
      await gates.announce(
        { kind: 'webhooks', wabaId },
        'blocked',
        { key: 'notifyWebhooksLostTitle', subs: [namesOfWabas.get(wabaId) ?? wabaId] },
        { key: 'notifyWebhooksLostBody' },
      );
    }
    const fatal = fatalOf(reads.values());
    if (fatal) await gates.onGraphFailure(fatal, generation);
    return phones.length;
  }

  async function applyPhoneReads(
    reads: ReadonlyMap<string, PhoneNumber | GraphError>,
    settings: Settings,
    generation: number,
  ): Promise<void> {
    if (!(await gates.isCurrent(generation))) return;
    const numbers = await stores.numbers.getMany(reads.keys());
    const phones: Array<{ wabaId: string; phone: PhoneNumber }> = [];
    const errors = new Map<string, StoredError>();
    for (const [id, read] of reads) {
      const wabaId = numbers[id]?.wabaId;
      if (!wabaId) continue;
      if (isGraphError(read)) errors.set(id, storedError(read, ctx.now()));
      else phones.push({ wabaId, phone: read });
    }
    await storeNumbers(phones, (n) => errors.get(n.id), new Set(), { ids: reads.keys() }, settings, generation, 'phone');
    const fatal = fatalOf(reads.values());
    if (fatal) await gates.onGraphFailure(fatal, generation);
  }

  return { applyWabaReads, applyPhoneReads, announce };
}
