// Graph batch requests: POST / (or /vNN.N/) with batch=[{method, relative_url, body?}, …] and optional
// include_headers=false. Max 50 items. Each item is routed like a normal call (and counted as one call
// for usage), keeps its own status code, and failed items carry Meta's error envelope in `body`.

import { Errors, GraphError, errorEnvelope, randomTraceId } from './errors.ts';
import type { ParsedVersion } from './nodes.ts';
import { resolveWithFault } from './respond.ts';
import {
  handleGraph,
  normalizedPath,
  parseVersion,
  resolveVersion,
  splitPath,
  versionFor,
  type AuthScheme,
  type GraphOutcome,
  type SimRuntime,
} from './router.ts';
import type { UsageOverride } from './usage.ts';

export const MAX_BATCH = 50;

export interface BatchItemSpec {
  method: string;
  relative_url: string;
  body?: string;
}
export interface BatchItemResult {
  code: number;
  headers?: Array<{ name: string; value: string }>;
  body: string;
}

export interface BatchRun {
  items: Array<BatchItemResult | null>;
  targets: string[];
  usageOverride?: UsageOverride;
  /** extra latency requested by item faults (ms) */
  latencyMs: number;
  logged: Array<{ method: string; relative_url: string }>;
}

/** Parses and validates the `batch` parameter (throws GraphError 100). */
export function parseBatch(raw: string | undefined): BatchItemSpec[] {
  if (raw === undefined || raw.trim() === '') throw Errors.param('The parameter batch is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw Errors.param('The parameter batch must be a JSON-encoded array.');
  }
  if (!Array.isArray(parsed)) throw Errors.param('The parameter batch must be a JSON-encoded array.');
  if (parsed.length > MAX_BATCH) throw Errors.param(`Too many requests in batch message. Maximum batch size is ${MAX_BATCH}`);
  return parsed.map((it, i) => {
    if (!it || typeof it !== 'object') throw Errors.param(`Batch request ${i} must be a JSON object.`);
    const o = it as Record<string, unknown>;
    if (typeof o.relative_url !== 'string') throw Errors.param(`Missing relative_url in batch request ${i}.`);
    let body: string | undefined;
    if (typeof o.body === 'string') body = o.body;
    else if (o.body && typeof o.body === 'object')
      body = new URLSearchParams(
        Object.entries(o.body as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString();
    return { method: typeof o.method === 'string' ? o.method.toUpperCase() : 'GET', relative_url: o.relative_url, body };
  });
}

function itemHeaders(outcome: GraphOutcome, err: GraphError | undefined): Array<{ name: string; value: string }> {
  const h = [
    { name: 'Content-Type', value: 'application/json; charset=UTF-8' },
    { name: 'facebook-api-version', value: outcome.version },
    { name: 'Cache-Control', value: 'private, no-cache, no-store, must-revalidate' },
    { name: 'Pragma', value: 'no-cache' },
    { name: 'Expires', value: 'Sat, 01 Jan 2000 00:00:00 GMT' },
    { name: 'Access-Control-Allow-Origin', value: '*' },
  ];
  const www = err?.wwwAuthenticate();
  if (www) h.push({ name: 'WWW-Authenticate', value: www });
  return h;
}

export function runBatch(
  rt: SimRuntime,
  specs: BatchItemSpec[],
  top: { token?: string; authScheme: AuthScheme; version: ParsedVersion; includeHeaders: boolean },
): BatchRun {
  const run: BatchRun = {
    items: [],
    targets: [],
    latencyMs: 0,
    logged: specs.map((s) => ({ method: s.method, relative_url: s.relative_url })),
  };
  const seen = new Set<string>();
  for (const spec of specs) {
    const url = new URL(spec.relative_url.replace(/^\/*/, '/'), 'https://graph.facebook.com');
    const body = new URLSearchParams(spec.body ?? '');
    const itemToken = url.searchParams.get('access_token') ?? body.get('access_token') ?? undefined;
    const fault = rt.faults.take({
      method: spec.method,
      path: normalizedPath(url.pathname),
      phoneId: splitPath(url.pathname).segments[0],
      scope: 'item',
    });
    if (fault?.latencyMs) run.latencyMs = Math.max(run.latencyMs, fault.latencyMs);
    const trace = randomTraceId();
    const resolved = resolveWithFault(rt, fault, {
      pathname: url.pathname,
      version: versionFor(rt, url.pathname, top.version),
      trace,
      run: () =>
        handleGraph(
          rt,
          {
            method: spec.method,
            pathname: url.pathname,
            query: url.searchParams,
            body,
            token: itemToken ?? top.token,
            authScheme: itemToken ? 'query' : top.authScheme,
            inheritedVersion: top.version,
            urlToken: itemToken ?? (top.authScheme === 'query' || top.authScheme === 'body' ? top.token : undefined),
          },
          trace,
        ),
    });
    if (resolved.type === 'drop') {
      run.items.push(null);
      continue;
    }
    if (resolved.type === 'raw') {
      const item: BatchItemResult = { code: resolved.status, body: resolved.body };
      if (top.includeHeaders) item.headers = [{ name: 'Content-Type', value: resolved.contentType }];
      run.items.push(item);
      continue;
    }
    const { outcome } = resolved;
    const item: BatchItemResult = { code: resolved.status, body: resolved.text };
    if (top.includeHeaders) item.headers = itemHeaders(outcome, outcome.error);
    run.items.push(item);
    for (const t of outcome.targets) if (!seen.has(t)) seen.add(t), run.targets.push(t);
    if (outcome.usageOverride) run.usageOverride = outcome.usageOverride;
  }
  return run;
}

/** The whole batch HTTP request (POST / or /vNN.N/ with `batch=`). */
export function handleBatch(
  rt: SimRuntime,
  call: { pathname: string; params: URLSearchParams; token?: string; authScheme: AuthScheme },
  fbtraceId: string,
): { outcome: GraphOutcome; latencyMs: number; logged?: Array<{ method: string; relative_url: string }> } {
  const fallback = parseVersion(rt.world.app.defaultVersion);
  let version = fallback;
  let logged: Array<{ method: string; relative_url: string }> | undefined;
  try {
    logged = parseBatch(call.params.get('batch') ?? undefined).map((s) => ({ method: s.method, relative_url: s.relative_url }));
  } catch {
    logged = undefined;
  }
  try {
    version = resolveVersion(splitPath(call.pathname), fallback);
    if (!call.token) throw Errors.noToken();
    rt.world.authenticate(call.token);
    const specs = parseBatch(call.params.get('batch') ?? undefined);
    const run = runBatch(rt, specs, {
      token: call.token,
      authScheme: call.authScheme,
      version,
      includeHeaders: call.params.get('include_headers') !== 'false',
    });
    const outcome: GraphOutcome = { status: 200, body: run.items, version: version.str, targets: run.targets };
    if (run.usageOverride) outcome.usageOverride = run.usageOverride;
    return { outcome, latencyMs: run.latencyMs, logged: run.logged };
  } catch (e) {
    if (!(e instanceof GraphError)) throw e;
    return {
      outcome: { status: e.status, body: errorEnvelope(e.spec, fbtraceId), version: version.str, targets: [], error: e },
      latencyMs: 0,
      logged,
    };
  }
}
