import { storedError } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import type { DebugTokenData } from '../graph/schemas';
import type { WabaState } from '../storage/schemas';
import { problemError, userError, type EngineContext } from './deps';
import { discoverWabas } from './discovery';
import type { ActivePort, Gates } from './gates';
import type { GraphPort } from './graph-port';
import type { Reads } from './reads';

/**
 * The WhatsApp Business Accounts the token reaches: discovery (stored with what sweeps learned about
 * each WABA), accounts typed in by the person, and WABAs that left the token's reach. Only a discovery in
 * which every source answered marks a WABA (and its numbers) removed; a failed read never removes anything.
 */
/** How long a discovery's progress stays shown without a new step. */
export const DISCOVERY_PROGRESS_MS = 2 * 60_000;

export interface AccountsOps {
  discover(given?: { port: GraphPort; generation: number; debug?: DebugTokenData }): Promise<void>;
  addWaba(wabaId: string): Promise<void>;
}

export function createAccounts(ctx: EngineContext, gates: Gates, reads: Reads): AccountsOps {
  const { stores } = ctx;

  async function discover(given?: { port: GraphPort; generation: number; debug?: DebugTokenData }): Promise<void> {
    let source: Pick<ActivePort, 'port' | 'generation'> | undefined = given;
    if (!source) {
      const active = await gates.activePort();
      if ('skipped' in active) return;
      source = active;
    }
    const { port, generation } = source;
    const settings = await stores.settings.getValue();
    try {
      const debug = given?.debug ?? (await port.debugToken());
      const found = await discoverWabas(port, {
        debug,
        manualIds: settings.manualWabaIds,
        now: ctx.now(),
        onProgress: (done, total) => showProgress(generation, { done, total }),
      });
      await showProgress(generation, undefined);
      if (!(await gates.isCurrent(generation))) return;
      const complete = found.errors.length === 0;
      const now = ctx.now();
      const gone = new Set<string>();
      await stores.accounts.update(async (accounts) => {
        // Under the store's lock (see reads.ts): nothing is written back after "Forget all data".
        if (!(await gates.isCurrent(generation))) return accounts;
        const wabas: Record<string, WabaState> = { ...accounts.wabas };
        for (const [id, w] of found.wabas) {
          const prev = wabas[id];
          wabas[id] = {
            ...w,
            // What its reads found stays: numbers, webhook coverage, the problems above its numbers (so a
            // rediscovery neither forgets nor re-announces them).
            ...(prev
              ? {
                  phoneIds: prev.phoneIds,
                  lastReadAt: prev.lastReadAt,
                  lastError: prev.lastError,
                  webhooks: prev.webhooks,
                  entities: prev.entities,
                }
              : {}),
            name: w.name ?? prev?.name,
            businessId: prev?.businessId ?? w.businessId,
            businessName: prev?.businessName ?? w.businessName,
            removedAt: undefined,
          };
        }
        if (complete) {
          for (const [id, w] of Object.entries(wabas)) {
            if (found.wabas.has(id)) continue;
            // Every WABA out of reach, also one marked before: if a worker died between that write and the
            // numbers' below, its numbers are marked now.
            if (w.removedAt === undefined) wabas[id] = { ...w, removedAt: now };
            gone.add(id);
          }
        }
        return { wabas, discoveredAt: now, discoveryErrors: found.errors };
      });
      // Numbers of a WABA found again come back with its next read (lib/engine/reads.ts).
      if (gone.size)
        await stores.numbers.update(
          async (numbers) => {
            if (!(await gates.isCurrent(generation))) return numbers;
            let changed = false;
            const next = { ...numbers };
            for (const n of Object.values(numbers)) {
              if (n.removedAt === undefined) {
                next[n.id] = { ...n, removedAt: now, decision: 'none' };
                changed = true;
              }
            }
            return changed ? next : numbers;
          },
          { index: { name: 'wabaId', values: gone } },
        );
    } catch (e) {
      await showProgress(generation, undefined);
      await gates.onGraphFailure(e, generation);
      if (!(await gates.isCurrent(generation))) return;
      await stores.accounts.update((a) => ({ ...a, discoveryErrors: [{ ...storedError(e, ctx.now()), source: 'discovery' }] }));
    }
  }

  /** Portfolios read of total, for the pages; renewed per step so a discovery that died stops showing. */
  async function showProgress(generation: number, progress: { done: number; total: number } | undefined): Promise<void> {
    if (!(await gates.isCurrent(generation))) return;
    await stores.engine.update((e) => {
      if (!progress) return e.discovery ? { ...e, discovery: undefined } : e;
      return { ...e, discovery: { ...progress, until: ctx.now() + DISCOVERY_PROGRESS_MS } };
    });
  }

  async function addWaba(wabaId: string): Promise<void> {
    if (!/^\d{1,25}$/.test(wabaId)) throw problemError('optionsWabaIdInvalid');
    const active = await gates.activePort();
    if ('skipped' in active) throw problemError('errNoToken', { kind: 'auth', nextStep: 'auth' });
    const results = await active.port.readWabas([wabaId]).catch(async (e) => {
      await gates.onGraphFailure(e, active.generation);
      throw userError(storedError(e, ctx.now()));
    });
    const read = results.get(wabaId);
    if (!read || isGraphError(read)) {
      throw read ? userError(storedError(read, ctx.now())) : problemError('errWabaNotFound');
    }
    await stores.settings.update((s) => ({ ...s, manualWabaIds: [...new Set([...s.manualWabaIds, wabaId])] }));
    await stores.accounts.update(
      (a) => {
        const prev = a.wabas[wabaId];
        return {
          ...a,
          wabas: {
            ...a.wabas,
            [wabaId]: {
              id: wabaId,
              phoneIds: prev?.phoneIds ?? [],
              ...prev,
              removedAt: undefined,
              sources: [...new Set([...(prev?.sources ?? []), 'manual'])],
            },
          },
        };
      },
      [wabaId],
    );
    await reads.applyWabaReads(new Map([[wabaId, read]]), await stores.settings.getValue(), active.generation);
  }

  return { discover, addWaba };
}
