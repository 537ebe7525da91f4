import { type DisplaySource, displayNumber } from '../display-state';
import type { DisplayNumber } from '../messages/protocol';
import { database } from './db';
import { accountsItem, numberSummariesItem, tokenStatusItem, wabasItem } from './items';
import type { Accounts, NumberSummary, WabaState } from './schemas';

/**
 * The reads lists make, through the `summaries` store's indexes (lib/storage/db.ts), so what a screen
 * shows first costs what it shows, not how many numbers there are.
 */

export interface NumberList {
  summaries: Record<string, NumberSummary>;
  /** The WABAs of those numbers (all of them when `complete`), and discovery's meta when complete. */
  accounts: Accounts;
  /** Every number is here (false: the first screen only). */
  complete: boolean;
}

/**
 * The first screen: the `limit` worst numbers (the `order` index), with every number of their WABAs so
 * their groups are whole, and those WABAs. A few small reads whatever the total.
 */
export async function readFirstScreen(limit: number): Promise<NumberList> {
  const db = await database();
  const worstIds = (await db.getAllKeysFromIndex('summaries', 'order', null, limit)).map(String);
  const worst = await numberSummariesItem.getMany(worstIds);
  const wabaIds = [...new Set(Object.values(worst).map((n) => n.wabaId))];
  const tx = db.transaction('summaries');
  const keyLists = await Promise.all(wabaIds.map((w) => tx.store.index('wabaId').getAllKeys(w)));
  const [summaries, wabas] = await Promise.all([numberSummariesItem.getMany(keyLists.flat().map(String)), wabasItem.getMany(wabaIds)]);
  return { summaries, accounts: { wabas, discoveryErrors: [] }, complete: false };
}

/** Every number's summary and every WABA: what scrolling the whole list and filtering need. */
export async function readAllNumbers(): Promise<NumberList> {
  const [summaries, accounts] = await Promise.all([numberSummariesItem.getValue(), accountsItem.getValue()]);
  return { summaries, accounts, complete: true };
}

/** What the display mirror for content scripts is built from (lib/display-state.ts). */
export const displaySource: DisplaySource = {
  tokenState: async () => (await tokenStatusItem.getValue()).state,
  async numbersByWaba(wabaIds) {
    const out = new Map<string, DisplayNumber[]>();
    const add = (n: NumberSummary, waba: WabaState | undefined) => {
      if (n.removedAt !== undefined) return;
      const list = out.get(n.wabaId) ?? [];
      list.push(displayNumber(n, waba));
      out.set(n.wabaId, list);
    };
    if (!wabaIds) {
      const [summaries, accounts] = await Promise.all([numberSummariesItem.getValue(), accountsItem.getValue()]);
      for (const n of Object.values(summaries)) add(n, accounts.wabas[n.wabaId]);
      return out;
    }
    const ids = [...wabaIds];
    const [lists, wabas] = await Promise.all([Promise.all(ids.map((w) => numberSummariesItem.where('wabaId', w))), wabasItem.getMany(ids)]);
    for (const list of lists) for (const n of Object.values(list)) add(n, wabas[n.wabaId]);
    return out;
  },
  async wabasOfNumbers(phoneIds) {
    const summaries = await numberSummariesItem.getMany(phoneIds);
    return [...new Set(Object.values(summaries).map((n) => n.wabaId))];
  },
};
