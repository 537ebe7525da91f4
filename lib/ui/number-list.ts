import { HEALTH_SEVERITY, type Health, type Reason } from '../health/classify';
import { PARENT_ENTITIES, problemHealth, type EntityProblem } from '../health/entities';
import { healthLabel, reasonText } from '../health/reason-text';
import type { Accounts, Change, NumberRegistration, NumberState, NumberSummary, StoredError, Transition } from '../storage/schemas';
import { alarmedSince } from '../number-summary';
import { parseUrl } from '../parse-url';
import { messagingLimitOf } from '../timeline';
import { whatsappManagerUrl } from '../whatsapp-manager-url';

/**
 * Pure view logic of the number list (popup, options, export): view models, grouping by WABA,
 * worst-first order, filtering, and the flat rows a virtualised list renders.
 */

/** Past this many numbers the popup shows a filter box and collapses healthy numbers. */
export const COLLAPSE_AFTER = 10;

/** What the list is built from: a full stored number (options, export, details) or its summary (popup list). */
export type ListNumber = NumberState | NumberSummary;

export interface NumberView {
  id: string;
  wabaId: string;
  /** display_phone_number, else the phone number id. */
  display: string;
  verifiedName?: string;
  health: string;
  severity: number;
  reasons: Reason[];
  decision: string;
  lastReadAt?: number;
  stale: boolean;
  lastError?: StoredError | NumberSummary['lastError'];
  /** State transitions, oldest first (empty when built from a summary). */
  history: Transition[];
  /** Changes of what Meta reports, oldest first (empty when built from a summary). */
  changes: Change[];
  /** The last ownership code Meta sent (when, by SMS or VOICE), from the full number only. */
  codeSent?: { at: number; method?: string };
  status?: string;
  quality?: string;
  messagingLimit?: string;
  /** The business portfolio's messaging limit as this number reports it (shared by all its numbers). */
  portfolioLimit?: string;
  nameStatus?: string;
  newNameStatus?: string;
  codeVerification?: string;
  platform?: string;
  throughput?: string;
  canSend?: string;
  accountMode?: string;
  isPinEnabled?: boolean;
  snapshot: Record<string, unknown>;
  managerUrl: string;
  /** When a complete read of its WABA stopped listing it (shown as removed until dismissed). */
  removedAt?: number;
  /** When it entered stuck or blocked, while it still is (what a summary notification lists). */
  alarmedAt?: number;
  /** Who receives its WABA's webhooks: the state, the subscribed apps' names, and the number's own override URL's host. */
  webhooks?: { state: 'none' | 'ok' | 'unknown'; apps: string[]; overrideHost?: string };
}

export interface WabaGroup {
  id: string;
  name?: string;
  businessId?: string;
  businessName?: string;
  /** Who receives its webhooks, from its last read (lib/storage/schemas.ts WabaState.webhooks). */
  webhooks?: 'none' | 'ok' | 'unknown';
  /** Problems of the WABA itself and of its portfolio, as its last read reported them (none once removed). */
  entities: EntityProblem[];
  /** When it was last read (the newest read speaks for its portfolio). */
  readAt?: number;
  numbers: NumberView[];
  /** Worst health among the numbers and the WABA's own problems (for ordering). */
  worst: number;
}

/** One collator for every comparison (localeCompare with options builds one per call: slow for 1,000). */
const collator = new Intl.Collator(undefined, { numeric: true });

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
export const severity = (health: string): number => HEALTH_SEVERITY[health as Health] ?? HEALTH_SEVERITY.unknown;

const alarmedAtOf = (n: ListNumber): number | undefined => ('history' in n ? alarmedSince(n) : n.alarmedAt);

export function toNumberView(n: ListNumber, accounts: Accounts): NumberView {
  const snap: Record<string, unknown> = n.snapshot ?? {};
  const waba = accounts.wabas[n.wabaId];
  const throughput = snap.throughput as { level?: unknown } | undefined;
  const healthStatus = snap.health_status as { can_send_message?: unknown } | undefined;
  return {
    id: n.id,
    wabaId: n.wabaId,
    display: str(snap.display_phone_number) ?? n.id,
    verifiedName: str(snap.verified_name),
    health: n.health,
    // A removed number sorts after every tracked one: it no longer needs anything but a dismissal.
    severity: n.removedAt !== undefined ? -1 : severity(n.health),
    reasons: n.reasons as Reason[],
    decision: n.decision,
    lastReadAt: n.lastReadAt,
    stale: n.stale,
    lastError: n.lastError,
    history: 'history' in n ? n.history : [],
    changes: ('changes' in n ? n.changes : undefined) ?? [],
    ...('codeRequest' in n && n.codeRequest?.sentAt !== undefined
      ? { codeSent: { at: n.codeRequest.sentAt, method: n.codeRequest.method } }
      : {}),
    status: str(snap.status),
    quality: str(snap.quality_rating),
    messagingLimit: messagingLimitOf(snap),
    portfolioLimit: str(snap.whatsapp_business_manager_messaging_limit),
    nameStatus: str(snap.name_status),
    newNameStatus: str(snap.new_name_status),
    codeVerification: str(snap.code_verification_status),
    platform: str(snap.platform_type),
    throughput: str(throughput?.level),
    canSend: str(healthStatus?.can_send_message),
    accountMode: str(snap.account_mode),
    isPinEnabled: typeof snap.is_pin_enabled === 'boolean' ? snap.is_pin_enabled : undefined,
    snapshot: snap,
    managerUrl: whatsappManagerUrl({ businessId: waba?.businessId, wabaId: n.wabaId }),
    ...(n.removedAt !== undefined ? { removedAt: n.removedAt } : {}),
    ...(alarmedAtOf(n) !== undefined ? { alarmedAt: alarmedAtOf(n) } : {}),
    ...(waba?.webhooks ? { webhooks: webhooksOf(waba.webhooks, snap.webhook_configuration) } : {}),
  };
}

/** The WABA's webhook state with its apps' names, and the host (only) of the number's override URL. */
function webhooksOf(
  webhooks: NonNullable<Accounts['wabas'][string]['webhooks']>,
  configuration: unknown,
): NonNullable<NumberView['webhooks']> {
  const override = str((configuration as { phone_number?: unknown } | undefined)?.phone_number);
  const host = override ? parseUrl(override)?.host : undefined;
  return { state: webhooks.state, apps: webhooks.apps.map((a) => a.name ?? a.id), ...(host ? { overrideHost: host } : {}) };
}

/** The health a severity stands for (a group's worst); a removed number's -1 reads as unknown. */
export function healthOfSeverity(severity: number): Health {
  return (Object.keys(HEALTH_SEVERITY) as Health[]).find((h) => HEALTH_SEVERITY[h] === severity) ?? 'unknown';
}

/** Worst first; then numbers that can be registered; then by display number. */
export function compareNumbers(a: NumberView, b: NumberView): number {
  return (
    b.severity - a.severity ||
    Number(b.decision === 'register') - Number(a.decision === 'register') ||
    collator.compare(a.display, b.display) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Numbers grouped by WABA, worst group first, worst number first inside each group. */
export function groupByWaba(numbers: Record<string, ListNumber>, accounts: Accounts): WabaGroup[] {
  const groups = new Map<string, WabaGroup>();
  for (const n of Object.values(numbers)) {
    let group = groups.get(n.wabaId);
    if (!group) {
      const waba = accounts.wabas[n.wabaId];
      group = {
        id: n.wabaId,
        name: waba?.name,
        businessId: waba?.businessId,
        businessName: waba?.businessName,
        webhooks: waba?.webhooks?.state,
        ...(waba ? stillThere(waba) : { entities: [] }),
        numbers: [],
        worst: waba ? worstProblem(stillThere(waba).entities, 'WABA') : -1,
      };
      groups.set(n.wabaId, group);
    }
    const view = toNumberView(n, accounts);
    group.numbers.push(view);
    group.worst = Math.max(group.worst, view.severity);
  }
  const list = [...groups.values()];
  for (const g of list) g.numbers.sort(compareNumbers);
  return list.sort(
    (a, b) => b.worst - a.worst || collator.compare(a.name ?? a.id, b.name ?? b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A WABA's problems as its groups weigh them, with its read time: none once it is out of reach (old news). */
export const stillThere = (waba: Accounts['wabas'][string]): Pick<WabaGroup, 'entities' | 'readAt'> => ({
  entities: waba.removedAt === undefined ? (waba.entities ?? []) : [],
  readAt: waba.lastReadAt,
});

/** The severity of the worst problem of the given entity type (-1 when none). */
export function worstProblem(problems: readonly EntityProblem[], type: string): number {
  return Math.max(-1, ...problems.filter((p) => p.type === type).map((p) => HEALTH_SEVERITY[problemHealth(p)]));
}

/**
 * Problems of one entity type across groups, one per entity (a portfolio's WABAs all report it): the one
 * from the WABA read last, when WABAs read at different times disagree.
 */
export function problemsOf(groups: ReadonlyArray<Pick<WabaGroup, 'entities' | 'readAt'>>, type: string): EntityProblem[] {
  const out = new Map<string, { problem: EntityProblem; at: number }>();
  for (const g of groups) {
    const at = g.readAt ?? Number.NEGATIVE_INFINITY;
    for (const p of g.entities) {
      const key = `${p.type}:${p.id ?? ''}`;
      const seen = out.get(key);
      if (p.type === type && (!seen || at > seen.at)) out.set(key, { problem: p, at });
    }
  }
  return [...out.values()].map((v) => v.problem);
}

/**
 * The messaging limit most of a portfolio's numbers report (they share one; a stale read may lag), the first
 * seen on a tie.
 */
export function sharedLimit(limits: Iterable<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const limit of limits) if (limit) counts.set(limit, (counts.get(limit) ?? 0) + 1);
  let best: string | undefined;
  for (const [limit, count] of counts) if (best === undefined || count > counts.get(best)!) best = limit;
  return best;
}

/**
 * What a number's card says: its own reasons. The errors of an entity above it (portfolio, WABA, app)
 * are shown once on that entity's group, and calling notes only in its details.
 */
export function cardReasons(reasons: readonly Reason[]): Reason[] {
  return reasons.filter(
    (r) => r.code !== 'calling' && !((r.code === 'health_error' || r.code === 'health_info') && PARENT_ENTITIES.has(r.entity ?? '')),
  );
}

const digitsOf = (s: string): string => s.replace(/\D+/g, '');

/** Does a number match the filter text? Digits match the phone number whatever its formatting. */
export function matchesFilter(view: NumberView, group: Pick<WabaGroup, 'name' | 'businessName'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystack = [
    view.display,
    view.verifiedName,
    view.id,
    view.wabaId,
    group.name,
    group.businessName,
    healthLabel(view.health),
    view.health,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  if (haystack.includes(q)) return true;
  const digits = digitsOf(q);
  return digits.length >= 3 && digits.length === q.replace(/[\s()+.-]/g, '').length && digitsOf(view.display).includes(digits);
}

export type Row =
  /** A business portfolio: its WABAs follow. `worst`: the worst severity among its numbers shown. */
  | {
      kind: 'portfolio';
      key: string;
      businessId?: string;
      name?: string;
      /** The worst severity among its numbers shown and its own problems. */
      worst: number;
      shown: number;
      /** Problems of the portfolio itself (Meta's BUSINESS entity), once. */
      problems: EntityProblem[];
      /** Its messaging limit, shared by all its numbers. */
      limit?: string;
    }
  | { kind: 'group'; key: string; group: WabaGroup; shown: number }
  | { kind: 'number'; key: string; number: NumberView; group: WabaGroup }
  | { kind: 'toggle'; key: string; group: WabaGroup; healthy: number; expanded: boolean };

export interface RowOptions {
  query: string;
  /** WABA ids whose healthy numbers the person expanded. */
  expanded: ReadonlySet<string>;
  /** Collapse healthy numbers (past COLLAPSE_AFTER numbers, when no filter is typed). */
  collapseHealthy: boolean;
  /** Only the numbers a summary notification listed (their `alarmedAt`). */
  alarmedAt?: number;
}

/**
 * The flat list a (virtualised) list renders: a header per business portfolio, then a header per WABA
 * of it, its numbers and a healthy toggle. Portfolios come worst first (the WABA groups already do, so
 * a portfolio takes the place of its worst WABA).
 */
export function buildRows(groups: readonly WabaGroup[], opts: RowOptions): Row[] {
  const portfolios = new Map<string, WabaGroup[]>();
  for (const group of groups) {
    const key = group.businessId ?? '';
    portfolios.set(key, [...(portfolios.get(key) ?? []), group]);
  }
  const rows: Row[] = [];
  for (const [businessId, members] of portfolios) {
    const wabaRows = buildWabaRows(members, opts);
    const shown = wabaRows.reduce((n, r) => n + (r.kind === 'group' ? r.shown : 0), 0);
    if (!shown) continue;
    const problems = problemsOf(members, 'BUSINESS');
    const limit = sharedLimit(members.flatMap((g) => g.numbers.map((n) => n.portfolioLimit)));
    rows.push({
      kind: 'portfolio',
      key: `p:${businessId}`,
      ...(businessId ? { businessId } : {}),
      name: members.find((g) => g.businessName)?.businessName,
      worst: Math.max(worstProblem(problems, 'BUSINESS'), ...members.map((g) => g.worst)),
      shown,
      problems,
      ...(limit ? { limit } : {}),
    });
    rows.push(...wabaRows);
  }
  return rows;
}

function buildWabaRows(groups: readonly WabaGroup[], opts: RowOptions): Row[] {
  const rows: Row[] = [];
  const collapse = opts.collapseHealthy && !opts.query.trim();
  for (const group of groups) {
    const matching = group.numbers.filter(
      (n) => (opts.alarmedAt === undefined || n.alarmedAt === opts.alarmedAt) && matchesFilter(n, group, opts.query),
    );
    if (!matching.length) continue;
    rows.push({ kind: 'group', key: `g:${group.id}`, group, shown: matching.length });
    const healthy = collapse ? matching.filter((n) => n.health === 'healthy') : [];
    const shown = healthy.length ? matching.filter((n) => n.health !== 'healthy') : matching;
    for (const number of shown) rows.push({ kind: 'number', key: `n:${number.id}`, number, group });
    if (!healthy.length) continue;
    // The toggle stays where it was pressed; the healthy numbers it reveals follow it.
    const expanded = opts.expanded.has(group.id);
    rows.push({ kind: 'toggle', key: `t:${group.id}`, group, healthy: healthy.length, expanded });
    if (expanded) for (const number of healthy) rows.push({ kind: 'number', key: `n:${number.id}`, number, group });
  }
  return rows;
}

/** Reason texts without repeats (platform and throughput "not applicable" read the same). */
export function reasonLines(reasons: readonly Reason[]): string[] {
  return [...new Set(reasons.map((r) => reasonText(r)).filter((s) => s.trim() !== ''))];
}

/** Is a register call for this number in flight right now (storage lock not expired)? */
export function registrationInFlight(reg: NumberRegistration | undefined, now: number): boolean {
  return reg?.inFlight !== undefined && reg.inFlight.until > now;
}

/** The last register attempt failed with a wrong PIN: ask for the PIN instead of reusing the stored one. */
export function lastAttemptWrongPin(reg: NumberRegistration | undefined): boolean {
  const last = reg?.attempts.at(-1);
  return last?.outcome === 'error' && last.code === 133005;
}
