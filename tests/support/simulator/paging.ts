// Cursor-based paging as Graph does it: opaque base64 cursors, `limit` (default 25, max 100) and
// absolute next/previous URLs on https://graph.facebook.com/<version>/… that keep the original params.

import { Errors } from './errors.ts';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const GRAPH_ORIGIN = 'https://graph.facebook.com';

export function encodeCursor(id: string, index: number): string {
  // Graph cursors are base64 of an "AQH…" blob (they start with "QVFI"); ours carry position + id.
  return Buffer.from(`AQH${Buffer.from(`${index}:${id}`).toString('base64url')}`).toString('base64');
}

export function decodeCursor(cursor: string): { index: number; id: string } | null {
  try {
    const outer = Buffer.from(cursor, 'base64').toString('utf8');
    if (!outer.startsWith('AQH')) return null;
    const inner = Buffer.from(outer.slice(3), 'base64url').toString('utf8');
    const m = /^(\d+):(.+)$/.exec(inner);
    return m ? { index: Number(m[1]), id: m[2]! } : null;
  } catch {
    return null;
  }
}

/** Parses a `limit` value; invalid/absent -> default; capped at 100. */
export function parseLimit(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw === '') return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw Errors.param(`Param limit must be a non-negative integer`);
  if (n === 0) return DEFAULT_LIMIT;
  return Math.min(n, MAX_LIMIT);
}

export interface PageRequest {
  limit: number;
  after?: string;
  before?: string;
  /** simulator option: force pages no larger than this (pages may be shorter than `limit`, as Graph allows) */
  maxPageSize?: number;
}

export interface Page<T> {
  items: T[];
  start: number;
  hasPrev: boolean;
  hasNext: boolean;
}

export function paginate<T>(all: T[], idOf: (t: T) => string, req: PageRequest): Page<T> {
  const size = Math.max(1, Math.min(req.limit, req.maxPageSize ?? Number.POSITIVE_INFINITY));
  const locate = (cursor: string, which: string): number => {
    const c = decodeCursor(cursor);
    if (!c) throw Errors.param(`The ${which} cursor is invalid`);
    const byId = all.findIndex((t) => idOf(t) === c.id);
    return byId >= 0 ? byId : Math.min(c.index, all.length);
  };
  let start = 0;
  let end: number;
  if (req.after) {
    start = locate(req.after, 'after') + 1;
    end = Math.min(all.length, start + size);
  } else if (req.before) {
    end = locate(req.before, 'before');
    start = Math.max(0, end - size);
  } else {
    end = Math.min(all.length, size);
  }
  return { items: all.slice(start, end), start, hasPrev: start > 0, hasNext: end < all.length };
}

/**
 * Absolute paging URL: original params in their order (after/before dropped, limit kept/added),
 * then the cursor.
 */
export function pagingUrl(
  version: string,
  path: string,
  params: Array<[string, string]>,
  limit: number,
  which: 'after' | 'before',
  cursor: string,
): string {
  const sp = new URLSearchParams();
  let hadLimit = false;
  for (const [k, v] of params) {
    if (k === 'after' || k === 'before') continue;
    if (k === 'limit') {
      if (!hadLimit) sp.append('limit', String(limit));
      hadLimit = true;
      continue;
    }
    sp.append(k, v);
  }
  if (!hadLimit) sp.append('limit', String(limit));
  sp.append(which, cursor);
  return `${GRAPH_ORIGIN}/${version}/${path}?${sp.toString()}`;
}

export interface EdgePage {
  data: unknown[];
  paging?: { cursors: { before: string; after: string }; previous?: string; next?: string };
  summary?: Record<string, unknown>;
}

export function edgePage<T>(
  all: T[],
  idOf: (t: T) => string,
  req: PageRequest,
  render: (t: T) => unknown,
  url: { version: string; path: string; params: Array<[string, string]> },
): EdgePage {
  const page = paginate(all, idOf, req);
  const out: EdgePage = { data: page.items.map(render) };
  if (page.items.length > 0) {
    const first = page.items[0]!;
    const last = page.items[page.items.length - 1]!;
    const before = encodeCursor(idOf(first), page.start);
    const after = encodeCursor(idOf(last), page.start + page.items.length - 1);
    out.paging = { cursors: { before, after } };
    if (page.hasPrev) out.paging.previous = pagingUrl(url.version, url.path, url.params, req.limit, 'before', before);
    if (page.hasNext) out.paging.next = pagingUrl(url.version, url.path, url.params, req.limit, 'after', after);
  }
  return out;
}
