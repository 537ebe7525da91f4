/**
 * URL building for Graph calls. Paths are made of validated, encoded segments only; query parameters can
 * never carry `access_token`; `paging.next` links are checked against the configured origin.
 */
import { GraphError, invalidInput } from './errors';
import { parseUrl } from '../parse-url';

/** Path segment: node ids (digits), `me`, edge and endpoint names (`phone_numbers`, `debug_token`). */
const SEGMENT_PATTERN = /^[A-Za-z0-9_]{1,128}$/;

/** Parameters that must never appear in a URL the client builds or follows. */
const FORBIDDEN_PARAMS = ['access_token'];

export type QueryValue = string | number | boolean | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** A Graph path as `'123/phone_numbers'` or `['123', 'phone_numbers']`; relative to the version. */
export type GraphPath = string | readonly string[];

/** Splits and validates a path; throws an invalid_input GraphError on anything but plain segments. */
export function toPathSegments(path: GraphPath): string[] {
  const segments = typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '').split('/') : [...path];
  if (segments.length === 0 || segments.some((s) => !SEGMENT_PATTERN.test(s))) {
    throw invalidInput('Graph path must consist of ids and edge names only (letters, digits, underscore).');
  }
  return segments;
}

function toSearchParams(params: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (FORBIDDEN_PARAMS.includes(key.toLowerCase())) {
      throw invalidInput('The access token is sent in the Authorization header, never as a URL parameter.');
    }
    search.set(key, String(value));
  }
  return search;
}

/** `segments` + `params` -> `123/phone_numbers?fields=...` (no leading slash, no version). */
export function buildRelativeUrl(path: GraphPath, params: QueryParams = {}): string {
  const encodedPath = toPathSegments(path).map(encodeURIComponent).join('/');
  const query = toSearchParams(params).toString();
  return query ? `${encodedPath}?${query}` : encodedPath;
}

/** Absolute URL `{origin}/{version}/{path}?{params}`. */
export function buildGraphUrl(origin: string, version: string, path: GraphPath, params: QueryParams = {}): URL {
  return new URL(`${origin}/${version}/${buildRelativeUrl(path, params)}`);
}

/** `{origin}/{version}/` — the batch endpoint. */
export function buildVersionRootUrl(origin: string, version: string): URL {
  return new URL(`${origin}/${version}/`);
}

/** Removes any `access_token` parameter (Meta puts one in `paging.next`). Returns a new URL. */
export function stripAccessToken(url: URL): URL {
  const copy = new URL(url.href);
  for (const key of [...copy.searchParams.keys()]) {
    if (FORBIDDEN_PARAMS.includes(key.toLowerCase())) copy.searchParams.delete(key);
  }
  return copy;
}

/**
 * Validates a `paging.next` link before it is followed with the token: it must be an absolute URL on the
 * configured origin (same scheme, host and port) without credentials. The returned URL has `access_token`
 * stripped. Throws a GraphError (local cause 'unsafe_url') otherwise; the link itself is not echoed.
 */
export function checkNextUrl(next: string, origin: string): URL {
  const url = parseUrl(next);
  if (!url) throw new GraphError({ message: 'Graph API returned a paging link that is not a valid URL.', local: 'bad_response' });
  if (url.origin !== origin || url.username || url.password) {
    throw new GraphError({
      message: 'Graph API returned a paging link to another origin; it was not followed.',
      local: 'unsafe_url',
    });
  }
  return stripAccessToken(url);
}
