/**
 * Rate-limit usage headers sent by the Graph API on every response:
 * - `X-App-Usage`: `{"call_count":28,"total_time":25,"total_cputime":25}` (percent of the app's hourly allowance);
 * - `X-Business-Use-Case-Usage`: `{"<object id>":[{"type","call_count","total_cputime","total_time",
 *   "estimated_time_to_regain_access"}]}` with the regain time in MINUTES.
 * Parsing is tolerant: a malformed header (or member) is ignored, nothing here throws.
 */

export const APP_USAGE_HEADER = 'x-app-usage';
export const BUSINESS_USE_CASE_USAGE_HEADER = 'x-business-use-case-usage';

export interface AppUsage {
  callCount?: number;
  totalTime?: number;
  totalCputime?: number;
}

export interface BusinessUseCaseUsage {
  /** Business object the figures are for (a WABA id for WhatsApp management calls). */
  objectId: string;
  /** e.g. `whatsapp_business_management`. */
  type?: string;
  callCount?: number;
  totalCputime?: number;
  totalTime?: number;
  /** Minutes until calls are accepted again (0 when not throttled). */
  estimatedTimeToRegainAccessMinutes?: number;
}

export interface GraphUsage {
  app?: AppUsage;
  business: BusinessUseCaseUsage[];
  /** Highest percentage across all figures (0-100+); the closest we are to a limit. */
  maxPercent: number;
  /** Longest estimated_time_to_regain_access, in milliseconds (0 = not throttled). */
  regainAccessMs: number;
  /** Clock time (ms) when the response carrying these headers was received. */
  observedAt: number;
}

/** Anything with a case-insensitive-ish `get`, e.g. `Headers`; plain records are supported too. */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | undefined>>;

/** Case-insensitive header lookup on `Headers` or a plain record. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Readonly<Record<string, string | undefined>>)) {
    if (key.toLowerCase() === lower && typeof value === 'string') return value;
  }
  return undefined;
}

function parseJsonObject(raw: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Non-negative finite number, also from a numeric string; otherwise undefined. */
function figure(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function parseAppUsage(raw: string | undefined): AppUsage | undefined {
  const obj = parseJsonObject(raw);
  if (!obj) return undefined;
  const usage = withoutUndefined<AppUsage>({
    callCount: figure(obj.call_count),
    totalTime: figure(obj.total_time),
    totalCputime: figure(obj.total_cputime),
  });
  return Object.keys(usage).length > 0 ? usage : undefined;
}

export function parseBusinessUseCaseUsage(raw: string | undefined): BusinessUseCaseUsage[] | undefined {
  const obj = parseJsonObject(raw);
  if (!obj) return undefined;
  const entries: BusinessUseCaseUsage[] = [];
  for (const [objectId, list] of Object.entries(obj)) {
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      const r = item as Record<string, unknown>;
      entries.push(
        withoutUndefined<BusinessUseCaseUsage>({
          objectId,
          type: typeof r.type === 'string' ? r.type : undefined,
          callCount: figure(r.call_count),
          totalCputime: figure(r.total_cputime),
          totalTime: figure(r.total_time),
          estimatedTimeToRegainAccessMinutes: figure(r.estimated_time_to_regain_access),
        }),
      );
    }
  }
  return entries;
}

/**
 * Reads both usage headers. Returns undefined when neither is present or readable, so callers can tell
 * "no information" from "0 % used".
 */
export function parseUsageHeaders(headers: HeaderSource, observedAt: number): GraphUsage | undefined {
  const app = parseAppUsage(readHeader(headers, APP_USAGE_HEADER));
  const business = parseBusinessUseCaseUsage(readHeader(headers, BUSINESS_USE_CASE_USAGE_HEADER));
  if (!app && !business) return undefined;
  const list = business ?? [];
  const percents = [
    app?.callCount,
    app?.totalTime,
    app?.totalCputime,
    ...list.flatMap((e) => [e.callCount, e.totalCputime, e.totalTime]),
  ].filter((n): n is number => n !== undefined);
  const regainMinutes = list.map((e) => e.estimatedTimeToRegainAccessMinutes).filter((n): n is number => n !== undefined);
  return {
    ...(app ? { app } : {}),
    business: list,
    maxPercent: percents.length > 0 ? Math.max(...percents) : 0,
    regainAccessMs: regainMinutes.length > 0 ? Math.max(...regainMinutes) * 60_000 : 0,
    observedAt,
  };
}
