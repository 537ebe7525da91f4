/**
 * Cursor paging: reads every page of a list by following `paging.next`, up to a page cap. Items are parsed
 * one by one; malformed ones are skipped and reported, never fatal for the list.
 * Each `paging.next` is checked against the configured origin and stripped of `access_token` before use.
 */
import * as z from 'zod/mini';
import { MAX_PAGES } from './config';
import { badResponse } from './meta-error';
import { PageEnvelopeSchema, describeIssues } from './schemas';
import type { PageEnvelope } from './schemas';
import type { GraphTransport } from './transport';
import type { GraphUsage } from './usage';
import { checkNextUrl } from './url';

export interface MalformedItem {
  /** 1-based page number the item came from. */
  page: number;
  /** Position within that page. */
  index: number;
  /** The item's id, when it had a string id. */
  id?: string;
  /** What was wrong (paths and messages, never values). */
  issues: string[];
}

export interface ListResult<T> {
  items: T[];
  malformed: MalformedItem[];
  /** HTTP pages read (the first page included). */
  pages: number;
  /** True when the page cap stopped the listing while Meta still offered a next page. */
  truncated: boolean;
  /** Usage headers of the last page read. */
  usage?: GraphUsage;
}

export interface CollectOptions {
  maxPages?: number;
  /** Usage that came with the first page. */
  usage?: GraphUsage;
}

function idOf(item: unknown): string | undefined {
  if (item !== null && typeof item === 'object' && 'id' in item) {
    const id = (item as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** Parses page items one by one into `into`, recording failures in `malformed`. */
export function parseItems<T>(
  data: readonly unknown[],
  schema: z.core.$ZodType<T>,
  page: number,
  into: T[],
  malformed: MalformedItem[],
): void {
  data.forEach((raw, index) => {
    const parsed = z.safeParse(schema, raw);
    if (parsed.success) {
      into.push(parsed.data);
      return;
    }
    const id = idOf(raw);
    malformed.push({ page, index, ...(id !== undefined ? { id } : {}), issues: describeIssues(parsed.error) });
  });
}

/** Reads `first` (an already fetched page envelope) and every following page. */
export async function collectPages<T>(
  transport: GraphTransport,
  first: PageEnvelope,
  itemSchema: z.core.$ZodType<T>,
  options: CollectOptions = {},
): Promise<ListResult<T>> {
  const maxPages = Math.max(1, options.maxPages ?? MAX_PAGES);
  const items: T[] = [];
  const malformed: MalformedItem[] = [];
  let usage = options.usage;
  let pages = 1;
  let truncated = false;
  parseItems(first.data, itemSchema, pages, items, malformed);

  const followed = new Set<string>();
  let next = first.paging?.next;
  while (next) {
    if (pages >= maxPages) {
      truncated = true;
      break;
    }
    const url = checkNextUrl(next, transport.origin);
    if (followed.has(url.href)) break; // Meta handed back a link already followed: stop instead of looping.
    followed.add(url.href);

    const response = await transport.send({ method: 'GET', url });
    usage = response.usage ?? usage;
    const envelope = PageEnvelopeSchema.safeParse(response.body);
    if (!envelope.success) {
      throw badResponse('Graph API returned a list page without a data array.', transport.context(response.status, response.usage));
    }
    pages += 1;
    parseItems(envelope.data.data, itemSchema, pages, items, malformed);
    next = envelope.data.paging?.next;
  }
  return { items, malformed, pages, truncated, ...(usage ? { usage } : {}) };
}
