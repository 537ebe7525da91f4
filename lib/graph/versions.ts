/**
 * Graph API versions Meta has published, with their release and expiry dates, and what they mean for the
 * configured version at a given moment (the options page's "version radar"). Pure: the clock is an argument.
 */
import { parseGraphVersion } from './config';

export interface GraphVersionEntry {
  version: string;
  /** Release day (UTC), `YYYY-MM-DD`. */
  released: string;
  /** Last announced day of availability (UTC), `YYYY-MM-DD`; undefined while Meta has not announced it. */
  expires?: string;
}

/**
 * Meta's versions changelog, oldest first: the one table the extension keeps (update it when Meta
 * announces a version or an expiry). v20.0 expired on 2026-09-24; versions older than the first row have
 * all expired.
 */
export const GRAPH_API_VERSIONS: readonly GraphVersionEntry[] = [
  { version: 'v23.0', released: '2025-05-29', expires: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', expires: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', expires: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29' },
];

/** Warn this many days (or fewer) before a version expires. */
export const EXPIRY_WARNING_DAYS = 90;

const DAY = 24 * 60 * 60 * 1000;

export type GraphVersionState = 'current' | 'expiring' | 'expired' | 'unlisted';

export interface GraphVersionRadar {
  /**
   * `current`: listed, more than {@link EXPIRY_WARNING_DAYS} days left (or no expiry announced);
   * `expiring`: at most that many days left; `expired`: past its expiry, or older than every listed version;
   * `unlisted`: not in the table (newer than it, or not a version at all): its expiry is unknown.
   */
  state: GraphVersionState;
  /** When the version stops working (start of its expiry day, UTC), if Meta announced it. */
  expiresAt?: number;
  /** Whole days until `expiresAt`, rounded up (0 or less once expired). */
  daysLeft?: number;
  /** The newest version released by `now` and not expired at `now`. */
  newest: string;
}

const dayStart = (isoDay: string): number => Date.parse(`${isoDay}T00:00:00Z`);

const compare = (a: string, b: string): number | undefined => {
  const x = parseGraphVersion(a);
  const y = parseGraphVersion(b);
  if (!x || !y) return undefined;
  return x.major - y.major || x.minor - y.minor;
};

/** The newest listed version that is released and not expired at `now` (the last row if none is). */
export function newestGraphVersion(now: number, table: readonly GraphVersionEntry[] = GRAPH_API_VERSIONS): string {
  const usable = table.filter((v) => dayStart(v.released) <= now && (v.expires === undefined || now < dayStart(v.expires)));
  return (usable.at(-1) ?? table.at(-1))?.version ?? '';
}

/** What the configured `version` means at `now`: still supported, expiring soon, expired, or not in the table. */
export function graphVersionRadar(
  version: string,
  now: number,
  table: readonly GraphVersionEntry[] = GRAPH_API_VERSIONS,
): GraphVersionRadar {
  const newest = newestGraphVersion(now, table);
  const entry = table.find((v) => v.version === version);
  if (!entry) {
    const olderThanAll = table[0] && compare(version, table[0].version);
    return { state: olderThanAll !== undefined && olderThanAll < 0 ? 'expired' : 'unlisted', newest };
  }
  if (entry.expires === undefined) return { state: 'current', newest };
  const expiresAt = dayStart(entry.expires);
  const daysLeft = Math.ceil((expiresAt - now) / DAY) || 0; // never -0
  const state = now >= expiresAt ? 'expired' : daysLeft <= EXPIRY_WARNING_DAYS ? 'expiring' : 'current';
  return { state, expiresAt, daysLeft, newest };
}
