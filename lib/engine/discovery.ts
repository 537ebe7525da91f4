import { isGraphError } from '../graph/errors';
import type { DebugTokenData, Waba } from '../graph/schemas';
import { storedError } from '../errors-for-people';
import type { StoredError, WabaState } from '../storage/schemas';
import type { GraphPort } from './graph-port';
import { grantedWabaIds } from './token-status';

export type DiscoverySource = 'token' | 'owned' | 'client' | 'manual';

export interface DiscoveryResult {
  wabas: Map<string, WabaState>;
  errors: Array<StoredError & { source?: string }>;
}

/** Errors that must stop discovery as a whole (the token is dead, or Meta asks us to back off). */
const isFatal = (e: unknown) => isGraphError(e) && (e.kind === 'auth' || e.kind === 'rate_limit');

/**
 * Finds every WABA the token can reach: granular scope target ids, the owned and client WABAs of every
 * business portfolio from /me/businesses, and ids the user typed in. Union without duplicates; any
 * source may fail (e.g. a permission error) without failing the others.
 */
export async function discoverWabas(
  port: GraphPort,
  opts: { debug?: DebugTokenData; manualIds: readonly string[]; now: number; onProgress?: (done: number, total: number) => Promise<void> },
): Promise<DiscoveryResult> {
  const wabas = new Map<string, WabaState>();
  const errors: DiscoveryResult['errors'] = [];
  const add = (id: string, source: DiscoverySource, info: Partial<WabaState> = {}) => {
    const prev = wabas.get(id);
    const sources = new Set([...(prev?.sources ?? []), source]);
    wabas.set(id, {
      id,
      phoneIds: prev?.phoneIds ?? [],
      name: info.name ?? prev?.name,
      businessId: prev?.businessId ?? info.businessId,
      businessName: prev?.businessName ?? info.businessName,
      sources: [...sources],
    });
  };
  const fromWaba = (w: Waba) => ({
    name: w.name ?? undefined,
    businessId: w.owner_business_info?.id ?? undefined,
    businessName: w.owner_business_info?.name ?? undefined,
  });
  const fail = (source: string, e: unknown) => {
    if (isFatal(e)) throw e;
    errors.push({ ...storedError(e, opts.now), source });
  };

  if (opts.debug) for (const id of grantedWabaIds(opts.debug)) add(id, 'token');

  try {
    const businesses = await port.listBusinesses();
    await opts.onProgress?.(0, businesses.length);
    for (const [index, business] of businesses.entries()) {
      const owner = { businessId: business.id, businessName: business.name ?? undefined };
      try {
        for (const w of await port.listOwnedWabas(business.id)) add(w.id, 'owned', { ...owner, ...stripUndefined(fromWaba(w)) });
      } catch (e) {
        fail(`owned:${business.id}`, e);
      }
      try {
        // A client WABA is owned by another portfolio: its owner comes from owner_business_info (read later).
        for (const w of await port.listClientWabas(business.id)) add(w.id, 'client', stripUndefined(fromWaba(w)));
      } catch (e) {
        fail(`client:${business.id}`, e);
      }
      await opts.onProgress?.(index + 1, businesses.length);
    }
  } catch (e) {
    fail('businesses', e);
  }

  for (const id of opts.manualIds) add(id, 'manual');
  return { wabas, errors };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
