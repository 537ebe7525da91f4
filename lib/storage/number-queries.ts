import { HEALTH_STATES } from '../health/classify';
import { database } from './db';
import { accountsItem, numberSummariesItem, wabasItem } from './items';
import type { Accounts, NumberSummary } from './schemas';

/**
 * The reads lists make, through the `summaries` store's indexes (lib/storage/db.ts), so what a screen
 * shows first costs what it shows, not how many numbers there are.
 */

/** Numbers in each state (a health state, or `removed`), counted by the `state` index: no record is read. */
export async function countByState(): Promise<Record<string, number>> {
  const states = [...HEALTH_STATES, 'removed'];
  const counts = await Promise.all(states.map((s) => numberSummariesItem.count('state', s)));
  return Object.fromEntries(states.map((s, i) => [s, counts[i]!]));
}

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
