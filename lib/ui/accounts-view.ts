import type { EntityProblem } from '../health/entities';
import type { WabaState } from '../storage/schemas';
import { type ListNumber, problemsOf, severity, sharedLimit, stillThere, worstProblem } from './number-list';

/**
 * The options page's accounts as business portfolio -> WABA, worst first at each level (the popup's
 * order): a WABA weighs its numbers and its own problems, a portfolio its WABAs and its own problems.
 */
export interface AccountWaba {
  waba: WabaState;
  worst: number;
}

export interface AccountGroup {
  key: string;
  businessId?: string;
  name?: string;
  worst: number;
  /** Problems of the portfolio itself (Meta's BUSINESS entity), once. */
  problems: EntityProblem[];
  /** Its messaging limit as most of its numbers report it (shared by all of them). */
  limit?: string;
  wabas: AccountWaba[];
}

const collator = new Intl.Collator(undefined, { numeric: true });

export function groupAccounts(wabas: readonly WabaState[], numbers: Readonly<Record<string, ListNumber>>): AccountGroup[] {
  const groups = new Map<string, AccountGroup & { limits: Array<string | undefined> }>();
  for (const waba of wabas) {
    const key = waba.businessId ?? '';
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        ...(waba.businessId ? { businessId: waba.businessId } : {}),
        worst: -1,
        problems: [],
        wabas: [],
        limits: [],
      };
      groups.set(key, g);
    }
    g.name ??= waba.businessName;
    let worst = worstProblem(stillThere(waba).entities, 'WABA');
    for (const id of waba.phoneIds) {
      const n = numbers[id];
      if (!n || n.removedAt !== undefined) continue;
      worst = Math.max(worst, severity(n.health));
      const limit = n.snapshot?.whatsapp_business_manager_messaging_limit;
      g.limits.push(typeof limit === 'string' ? limit : undefined);
    }
    g.wabas.push({ waba, worst });
  }
  const out: AccountGroup[] = [];
  for (const { limits, ...g } of groups.values()) {
    g.problems = problemsOf(
      g.wabas.map((w) => stillThere(w.waba)),
      'BUSINESS',
    );
    g.wabas.sort((a, b) => b.worst - a.worst || collator.compare(a.waba.name ?? a.waba.id, b.waba.name ?? b.waba.id));
    g.worst = Math.max(worstProblem(g.problems, 'BUSINESS'), ...g.wabas.map((w) => w.worst));
    const limit = sharedLimit(limits);
    out.push(limit ? { ...g, limit } : g);
  }
  return out.sort((a, b) => b.worst - a.worst || collator.compare(a.name ?? a.key, b.name ?? b.key));
}

/** The app's own problems, once, from every WABA in reach. */
export const appProblems = (wabas: readonly WabaState[]) => problemsOf(wabas.map(stillThere), 'APP');

/** The first `count` WABAs in this order, still grouped (the page the options page renders). */
export function firstWabas(groups: readonly AccountGroup[], count: number): AccountGroup[] {
  const out: AccountGroup[] = [];
  let left = count;
  for (const g of groups) {
    if (left <= 0) break;
    out.push(g.wabas.length <= left ? g : { ...g, wabas: g.wabas.slice(0, left) });
    left -= g.wabas.length;
  }
  return out;
}
