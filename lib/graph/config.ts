/**
 * Constants for talking to Meta's Graph API. Everything tunable lives here so the client, the tests and
 * the UI agree on one set of numbers.
 */
import { parseUrl } from '../parse-url';

/** The only origin the access token is ever sent to (loopback origins are allowed for local simulators). */
export const GRAPH_BASE_URL = 'https://graph.facebook.com';

/** v24.0 is the first version exposing `whatsapp_business_manager_messaging_limit`. */
export const MIN_GRAPH_API_VERSION = 'v24.0';
export const DEFAULT_GRAPH_API_VERSION = 'v25.0';

/** Per HTTP exchange (headers and body). A timeout yields a transient GraphError with local cause 'timeout'. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Meta's hard limit of sub-requests per batch call. */
export const MAX_BATCH_SIZE = 50;

/** Extra rounds for batch items Meta returned as `null` (not completed in time) before giving up on them. */
export const BATCH_NULL_RETRY_ROUNDS = 2;

/** `limit` sent on list edges and field expansions (Meta documents 100 as the maximum for phone_numbers). */
export const DEFAULT_PAGE_LIMIT = 100;

/** Safety cap on `paging.next` hops for one listing, so a looping cursor cannot spin forever. */
export const MAX_PAGES = 200;

/** Wait suggested after a rate-limit error when Meta gives no `estimated_time_to_regain_access`. */
export const DEFAULT_RATE_LIMIT_RETRY_MS = 60_000;

const VERSION_PATTERN = /^v(\d+)\.(\d+)$/;

export interface GraphVersion {
  major: number;
  minor: number;
}

/** `'v25.0'` -> `{ major: 25, minor: 0 }`; anything else -> undefined. */
export function parseGraphVersion(version: string): GraphVersion | undefined {
  const match = VERSION_PATTERN.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** True for a well-formed version (`v<major>.<minor>`) that is at least {@link MIN_GRAPH_API_VERSION}. */
export function isValidGraphVersion(version: string): boolean {
  const parsed = parseGraphVersion(version);
  const min = parseGraphVersion(MIN_GRAPH_API_VERSION);
  if (!parsed || !min) return false;
  return parsed.major > min.major || (parsed.major === min.major && parsed.minor >= min.minor);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Normalises a configured base URL to its origin, or returns undefined when the token must not be sent
 * there. Accepted: exactly https://graph.facebook.com, or a loopback origin (local Graph simulator).
 * A path, query, fragment or credentials in the base URL are refused.
 */
export function normaliseBaseOrigin(baseUrl: string): string | undefined {
  const url = parseUrl(baseUrl);
  if (!url) return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  if (url.origin === GRAPH_BASE_URL) return url.origin;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) {
    return url.origin;
  }
  return undefined;
}
