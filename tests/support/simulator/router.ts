// Graph routing: version prefix, authentication, rate limits, and dispatch to node / edge /
// registration handlers. Synchronous and transport-agnostic: used for HTTP requests and batch items.

import { Errors, GraphError, errorEnvelope } from './errors.ts';
import type { FaultRegistry } from './faults.ts';
import { fieldsParam } from './fields.ts';
import {
  BUSINESS_NODE,
  PHONE_NODE,
  USER_NODE,
  WABA_NODE,
  edgeOf,
  renderEdge,
  renderNode,
  validateSelection,
  type NodeType,
  type ParsedVersion,
  type RenderCtx,
} from './nodes.ts';
import { register, requestCode, updatePhone, verifyCode, type Params } from './registration.ts';
import type { TokenState, World } from './state.ts';
import type { UsageOverride, UsageTracker } from './usage.ts';

export type AuthScheme = 'bearer' | 'query' | 'body' | 'none';

/** Versions currently served (graph-api.md §1). Older real versions are served as the oldest one. */
export const AVAILABLE_VERSIONS = ['v20.0', 'v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0'];
const EXPIRED_VERSIONS = new Set([
  'v1.0',
  ...Array.from({ length: 13 }, (_, i) => `v2.${i}`),
  ...Array.from({ length: 4 }, (_, i) => `v3.${i}`),
  ...Array.from({ length: 16 }, (_, i) => `v${i + 4}.0`),
]);

export interface SimRuntime {
  world: World;
  usage: UsageTracker;
  faults: FaultRegistry;
  maxPageSize?: number;
}

export interface GraphCall {
  method: string;
  /** pathname as received, e.g. "/v23.0/123/phone_numbers" or "123" for a batch item */
  pathname: string;
  query: URLSearchParams;
  /** body params (POST form / JSON); empty for GET */
  body: URLSearchParams;
  token?: string;
  authScheme: AuthScheme;
  /** version of the enclosing batch request (items without their own version prefix use it) */
  inheritedVersion?: ParsedVersion;
  /** access_token to carry in paging URLs (token passed as a parameter rather than a header) */
  urlToken?: string;
}

export interface GraphOutcome {
  status: number;
  body: unknown;
  version: string;
  /** WABA / business ids for X-Business-Use-Case-Usage */
  targets: string[];
  error?: GraphError;
  usageOverride?: UsageOverride;
}

export function parseVersion(v: string): ParsedVersion {
  return { str: v, num: Number(v.slice(1)) };
}

export interface SplitPath {
  /** explicit version segment when it looks like a valid version ("v23.0"), even if unknown */
  versionSeg?: string;
  segments: string[];
}

/** Splits a path into an optional leading version segment and the rest (no validation). */
export function splitPath(pathname: string): SplitPath {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  if (segments[0] !== undefined && /^v\d/i.test(segments[0]) && segments.length > 0) {
    return { versionSeg: segments[0], segments: segments.slice(1) };
  }
  return { segments };
}

/** Version-less normalized path used for fault matching ("/123/register", "/" for root). */
export function normalizedPath(pathname: string): string {
  return `/${splitPath(pathname).segments.join('/')}`;
}

export function resolveVersion(split: SplitPath, fallback: ParsedVersion): ParsedVersion {
  if (split.versionSeg === undefined) return fallback;
  const v = split.versionSeg;
  if (/^v\d+\.\d+$/.test(v)) {
    if (AVAILABLE_VERSIONS.includes(v)) return parseVersion(v);
    if (EXPIRED_VERSIONS.has(v)) return parseVersion(AVAILABLE_VERSIONS[0]!); // served by the oldest usable version
  }
  // Graph treats a malformed/unknown version as an unknown path: "Unknown path components: /rest"
  throw Errors.unknownPath(`/${split.segments.join('/')}`);
}

/** Best-effort version for responses that never reach routing (faults): never throws. */
export function versionFor(rt: SimRuntime, pathname: string, inherited?: ParsedVersion): string {
  const fallback = inherited ?? parseVersion(rt.world.app.defaultVersion);
  try {
    return resolveVersion(splitPath(pathname), fallback).str;
  } catch {
    return fallback.str;
  }
}

export function targetsFor(world: World, segments: string[]): string[] {
  const id = segments[0];
  if (!id) return [];
  const phone = world.phones.get(id);
  if (phone) return [phone.wabaId];
  if (world.wabas.has(id) || world.businesses.has(id)) return [id];
  return [];
}

export function mergeParams(call: GraphCall): Params {
  const m: Params = new Map();
  for (const [k, val] of call.query) m.set(k, val);
  if (call.method !== 'GET') for (const [k, val] of call.body) m.set(k, val);
  return m;
}

/** Runs one Graph call; never throws (errors become envelopes). */
export function handleGraph(rt: SimRuntime, call: GraphCall, fbtraceId: string): GraphOutcome {
  const fallback = call.inheritedVersion ?? parseVersion(rt.world.app.defaultVersion);
  const split = splitPath(call.pathname);
  let version = fallback;
  const targets = targetsFor(rt.world, split.segments);
  try {
    version = resolveVersion(split, fallback);
    if (!call.token) throw Errors.noToken();
    const token = rt.world.authenticate(call.token);
    const appRegain = rt.usage.appRegainMinutes();
    if (appRegain > 0) throw Errors.appRateLimit(appRegain);
    for (const t of targets) {
      const regain = rt.usage.bucRegainMinutes(t);
      if (regain > 0) throw Errors.bucRateLimit(regain);
    }
    rt.usage.record(targets);
    const ctx: RenderCtx = { world: rt.world, token, version, maxPageSize: rt.maxPageSize, urlToken: call.urlToken };
    const body = dispatch(ctx, call, split.segments);
    return { status: 200, body, version: version.str, targets };
  } catch (e) {
    const err = e instanceof GraphError ? e : internalError(e);
    const out: GraphOutcome = {
      status: err.status,
      body: errorEnvelope(err.spec, fbtraceId),
      version: version.str,
      targets,
      error: err,
    };
    if (err.spec.regainMinutes !== undefined) out.usageOverride = { regainMinutes: err.spec.regainMinutes, app: err.spec.code === 4 };
    return out;
  }
}

function internalError(e: unknown): GraphError {
  // A simulator bug must still look like Graph (and be visible in test output).
  console.error('[graph-sim] internal error', e);
  return Errors.unknown();
}

const POST_ONLY_EDGES = new Set(['register', 'deregister', 'request_code', 'verify_code']);

function dispatch(ctx: RenderCtx, call: GraphCall, segs: string[]): unknown {
  const { world, token } = ctx;
  const method = call.method.toUpperCase();
  const params = mergeParams(call);
  const [first, second, ...more] = segs;

  if (first === undefined) {
    if (method === 'GET') throw Errors.param('The parameter ids is required.');
    throw Errors.param('The parameter batch is required.');
  }
  if (more.length > 0) throw Errors.unknownPath(`/${more.join('/')}`);
  if (method === 'OPTIONS' || method === 'HEAD') throw Errors.unsupported(method, first);

  if (first === 'debug_token' && second === undefined) {
    if (method !== 'GET') throw Errors.unsupported(method, first);
    return debugToken(ctx, params);
  }

  // resolve the node
  let node: { type: NodeType<any>; obj: any; id: string };
  if (first === 'me' || first === token.userId) node = { type: USER_NODE, obj: token, id: token.userId };
  else if (/^\d+$/.test(first)) {
    const phone = world.phones.get(first);
    const waba = world.wabas.get(first);
    const biz = world.businesses.get(first);
    if (phone) {
      requireWhatsapp(ctx);
      if (!world.canAccessWaba(token, phone.wabaId)) throw Errors.permissions();
      world.tick(phone);
      node = { type: PHONE_NODE, obj: phone, id: first };
    } else if (waba) {
      requireWhatsapp(ctx);
      if (!world.canAccessWaba(token, waba.id)) throw Errors.permissions();
      node = { type: WABA_NODE, obj: waba, id: first };
    } else if (biz) {
      if (!world.canAccessBusiness(token, biz.id)) throw Errors.permissions();
      node = { type: BUSINESS_NODE, obj: biz, id: first };
    } else throw Errors.unsupported(method, first);
  } else throw Errors.aliasNotFound(first);

  if (method === 'GET') {
    const fields = fieldsParam(params.get('fields'));
    if (second === undefined) {
      if (node.type === BUSINESS_NODE && !world.hasScope(token, 'business_management')) throw Errors.missingBusinessManagement();
      validateSelection(node.type, fields, ctx);
      return renderNode(node.type, node.obj, fields, ctx);
    }
    const edge = edgeOf(node.type, second);
    if (!edge) {
      if (POST_ONLY_EDGES.has(second)) throw Errors.unsupported(method, `${first}/${second}`);
      throw Errors.unknownPath(`/${second}`);
    }
    validateSelection(edge.item, fields, ctx);
    const linkParams: Array<[string, string]> = [...call.query];
    if (call.urlToken && !call.query.has('access_token')) linkParams.unshift(['access_token', call.urlToken]);
    return renderEdge(edge, node.obj, ctx, {
      fields,
      limit: params.get('limit'),
      after: params.get('after'),
      before: params.get('before'),
      params: linkParams,
      query: { sort: params.get('sort'), filtering: params.get('filtering'), summary: params.get('summary') },
    });
  }

  if (method === 'POST' && node.type === PHONE_NODE) {
    const phone = node.obj;
    if (second === undefined) {
      requireScope(ctx, 'whatsapp_business_management');
      return updatePhone(world, phone, params);
    }
    if (second === 'register') {
      requireScope(ctx, 'whatsapp_business_management');
      requireScope(ctx, 'whatsapp_business_messaging');
      return register(world, phone, params);
    }
    if (second === 'request_code') {
      requireScope(ctx, 'whatsapp_business_management');
      return requestCode(world, phone, params);
    }
    if (second === 'verify_code') {
      requireScope(ctx, 'whatsapp_business_management');
      return verifyCode(world, phone, params);
    }
    if (edgeOf(node.type, second) === undefined && !POST_ONLY_EDGES.has(second)) throw Errors.unknownPath(`/${second}`);
  }
  throw Errors.unsupported(method, second === undefined ? first : `${first}/${second}`);
}

function requireScope(ctx: RenderCtx, scope: string): void {
  if (!ctx.world.hasScope(ctx.token, scope)) throw Errors.missingWhatsappPermission(scope);
}
function requireWhatsapp(ctx: RenderCtx): void {
  requireScope(ctx, 'whatsapp_business_management');
}

function granularScopes(world: World, t: TokenState): Array<{ scope: string; target_ids?: string[] }> {
  if (t.granularScopes) return t.granularScopes;
  const out: Array<{ scope: string; target_ids?: string[] }> = [];
  for (const scope of t.scopes) {
    if (scope.startsWith('whatsapp_business_')) {
      if (t.wabas === 'all' && t.type === 'SYSTEM_USER') out.push({ scope });
      else out.push({ scope, target_ids: world.visibleWabaIds(t).reverse() });
    } else if (scope === 'business_management') {
      if (t.businesses === 'all' && t.type === 'SYSTEM_USER') out.push({ scope });
      else out.push({ scope, target_ids: world.visibleBusinesses(t).map((b) => b.id) });
    }
  }
  return out;
}

function debugToken(ctx: RenderCtx, params: Params): unknown {
  const input = params.get('input_token');
  if (!input) throw Errors.param('The parameter input_token is required');
  const { world } = ctx;
  const t = world.tokens.get(input);
  if (!t) return { data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] } };
  const err = world.tokenError(t);
  const secs = (ms: number) => Math.floor(ms / 1000);
  const data: Record<string, unknown> = {
    app_id: world.app.id,
    type: t.type,
    application: world.app.name,
    data_access_expires_at: t.type === 'SYSTEM_USER' ? 0 : secs(t.issuedAt + 90 * 86_400_000),
  };
  if (err) data.error = { code: 190, message: err.message, subcode: err.spec.subcode };
  data.expires_at = t.expiresAt === null ? 0 : secs(t.expiresAt);
  data.is_valid = !err;
  if (t.type === 'SYSTEM_USER' || t.expiresAt === null) data.issued_at = secs(t.issuedAt);
  data.scopes = [...t.scopes];
  data.granular_scopes = granularScopes(world, t);
  data.user_id = t.userId;
  return { data };
}
