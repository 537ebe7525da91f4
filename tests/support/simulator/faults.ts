// Fault injection: latency, raw HTTP 5xx, Graph errors (incl. rate limits and 190), malformed bodies,
// connection resets and null batch items. Matched by method + path regex (+ phone id), N times or
// until cleared. Paths are matched against the version-less path, e.g. "/106540352242903/register"
// (for a batch item: its relative_url's path; for the batch request itself: "/").

import { z } from 'zod';

interface FaultMatch {
  /** Optional id (for removal); generated when absent. */
  id?: string;
  /** HTTP method (case-insensitive); any when absent. */
  method?: string;
  /** Regex (string source or RegExp) tested against the version-less path; any when absent. */
  path?: string | RegExp;
  /** Only requests whose first path segment is this phone-number id. */
  phoneId?: string;
  /** Fire this many times then disappear; forever (until cleared) when absent. */
  times?: number;
  /** Extra latency before responding (added to the global latency). */
  latencyMs?: number;
}

export type FaultSpec = FaultMatch &
  (
    | { kind: 'latency' }
    /** Raw non-Graph HTTP response (e.g. a 502 HTML page from the edge). */
    | { kind: 'http'; status?: number; body?: string; contentType?: string }
    /** Graph error envelope. Defaults (message, HTTP status, is_transient) come from the code. */
    | {
        kind: 'error';
        code: number;
        subcode?: number;
        message?: string;
        status?: number;
        transient?: boolean;
        type?: string;
        userTitle?: string;
        userMsg?: string;
        details?: string;
      }
    /** Rate limit (default 80008) with X-Business-Use-Case-Usage estimated_time_to_regain_access > 0. */
    | { kind: 'rate_limit'; code?: 4 | 80008 | 130429; regainMinutes?: number; status?: number }
    /** 'html': HTML page instead of JSON; 'truncated': the real JSON response cut in half; 'empty': empty body; 'not_json': plain text. */
    | { kind: 'malformed'; variant: 'html' | 'truncated' | 'empty' | 'not_json'; status?: number }
    /** 190 with subcode 463 (expired, default), 460 (password changed) or 467 (invalid). */
    | { kind: 'token'; subcode?: 463 | 460 | 467 }
    /** Batch items matching this fault come back as null (as on a batch timeout). */
    | { kind: 'batch_null' }
    /** The server destroys the socket without answering (network error on the client). */
    | { kind: 'reset' }
  );

const matchShape = {
  id: z.string().optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  phoneId: z.string().optional(),
  times: z.number().int().positive().optional(),
  latencyMs: z.number().int().nonnegative().optional(),
};

/** JSON form (scenario files, /__sim/faults): `path` is a regex source string. */
export const FaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...matchShape, kind: z.literal('latency') }),
  z.strictObject({
    ...matchShape,
    kind: z.literal('http'),
    status: z.number().int().min(100).max(599).optional(),
    body: z.string().optional(),
    contentType: z.string().optional(),
  }),
  z.strictObject({
    ...matchShape,
    kind: z.literal('error'),
    code: z.number().int(),
    subcode: z.number().int().optional(),
    message: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    transient: z.boolean().optional(),
    type: z.string().optional(),
    userTitle: z.string().optional(),
    userMsg: z.string().optional(),
    details: z.string().optional(),
  }),
  z.strictObject({
    ...matchShape,
    kind: z.literal('rate_limit'),
    code: z.union([z.literal(4), z.literal(80008), z.literal(130429)]).optional(),
    regainMinutes: z.number().int().positive().optional(),
    status: z.number().int().min(100).max(599).optional(),
  }),
  z.strictObject({
    ...matchShape,
    kind: z.literal('malformed'),
    variant: z.enum(['html', 'truncated', 'empty', 'not_json']),
    status: z.number().int().min(100).max(599).optional(),
  }),
  z.strictObject({
    ...matchShape,
    kind: z.literal('token'),
    subcode: z.union([z.literal(463), z.literal(460), z.literal(467)]).optional(),
  }),
  z.strictObject({ ...matchShape, kind: z.literal('batch_null') }),
  z.strictObject({ ...matchShape, kind: z.literal('reset') }),
]);

export type ActiveFault = FaultSpec & { id: string; remaining: number; regex?: RegExp };

export interface MatchInput {
  method: string;
  path: string;
  phoneId?: string;
  /** 'top' = an HTTP request; 'item' = a batch item */
  scope: 'top' | 'item';
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private seq = 0;

  add(spec: FaultSpec): string {
    const id = spec.id ?? `fault-${++this.seq}`;
    let regex: RegExp | undefined;
    if (spec.path !== undefined) regex = typeof spec.path === 'string' ? new RegExp(spec.path) : spec.path;
    this.faults.push({ ...spec, id, remaining: spec.times ?? Number.POSITIVE_INFINITY, regex });
    return id;
  }
  remove(id: string): boolean {
    const n = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== n;
  }
  clear(): void {
    this.faults = [];
  }
  list(): Array<Record<string, unknown>> {
    return this.faults.map(({ regex, remaining, ...f }) => ({
      ...f,
      path: regex ? regex.source : undefined,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Finds the first matching fault and consumes one use of it. */
  take(m: MatchInput): ActiveFault | undefined {
    for (const f of this.faults) {
      if (m.scope === 'top' && f.kind === 'batch_null') continue;
      if (f.method && f.method.toUpperCase() !== m.method.toUpperCase()) continue;
      if (f.phoneId && f.phoneId !== m.phoneId) continue;
      if (f.regex) {
        f.regex.lastIndex = 0;
        if (!f.regex.test(m.path)) continue;
      }
      f.remaining--;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f;
    }
    return undefined;
  }
}

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html lang="en" id="facebook"><head><title>Error</title><meta charset="utf-8"></head>
<body><div id="content"><h1>Sorry, something went wrong.</h1>
<p>We're working on getting this fixed as soon as we can.</p><a href="https://www.facebook.com/">Go back</a></div>
</body></html>
`;
