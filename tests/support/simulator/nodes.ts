// Graph node types (User, Business, WhatsAppBusinessAccount, WhatsAppBusinessPhoneNumber), their
// fields/edges, and the renderer that applies a field selection (defaults, nonexisting-field errors,
// version-gated fields, nested edges with paging, sub-field selection inside objects).

import { Errors } from './errors.ts';
import { modifier, serializeFields, type FieldSel } from './fields.ts';
import { edgePage, parseLimit, type EdgePage } from './paging.ts';
import { type BusinessSpec, DEFAULT_SUBSCRIBED_APP, type WabaSpec } from './scenario.ts';
import { PHONE_FIELDS, type PhoneState, type TokenState, type World } from './state.ts';

export interface ParsedVersion {
  str: string;
  num: number;
}

export interface RenderCtx {
  world: World;
  token: TokenState;
  version: ParsedVersion;
  maxPageSize?: number;
  /** access_token to carry in paging URLs (only when the request passed it as a parameter) */
  urlToken?: string;
}

/** Extra edge query options (top-level edge requests only). */
export interface EdgeQuery {
  sort?: string | null;
  filtering?: string | null;
  summary?: string | null;
}

export interface StructType {
  name: string;
  /** known sub-fields (null = scalar/any); undefined = accept any sub-field */
  fields?: Record<string, StructType | null>;
}

interface ValueField<T> {
  kind: 'value';
  get: (o: T, ctx: RenderCtx) => unknown;
  minVersion?: number;
  struct?: StructType;
}
interface EdgeField<T> {
  kind: 'edge';
  edge: Edge<T>;
}
type FieldDef<T> = ValueField<T> | EdgeField<T>;

export interface NodeType<T> {
  name: string;
  defaults: string[];
  fields: Record<string, FieldDef<T>>;
  id: (o: T) => string;
  /** Graph answers these items without an `id` of their own (`id` then only keys paging cursors). */
  noId?: boolean;
}

export interface Edge<P> {
  name: string;
  path: (p: P) => string;
  item: NodeType<any>;
  list: (p: P, ctx: RenderCtx, q: EdgeQuery) => any[];
  /** permission check for reading the edge (throws) */
  check?: (p: P, ctx: RenderCtx) => void;
}

// --- struct types ---------------------------------------------------------------------------

const HEALTH_ERROR: StructType = {
  name: 'WhatsAppBusinessHealthStatusError',
  fields: { error_code: null, error_description: null, possible_solution: null },
};
const HEALTH_ENTITY: StructType = {
  name: 'WhatsAppBusinessHealthStatus',
  fields: {
    entity_type: null,
    id: null,
    can_send_message: null,
    can_receive_call_sip: null,
    additional_info: null,
    errors: HEALTH_ERROR,
  },
};
export const HEALTH_STATUS: StructType = {
  name: 'WhatsAppBusinessHealthStatusForMessageSend',
  fields: { can_send_message: null, entities: HEALTH_ENTITY },
};
const THROUGHPUT: StructType = { name: 'WhatsAppBusinessPhoneNumberThroughput', fields: { level: null } };
const QUALITY_SCORE: StructType = { name: 'WhatsAppBusinessPhoneQualityScoreShape', fields: { score: null, date: null, reasons: null } };
const BUSINESS_INFO: StructType = { name: 'WhatsAppBusinessAccountOwnerBusinessInfo', fields: { id: null, name: null } };
const BUSINESS_REF: StructType = { name: 'Business', fields: { id: null, name: null } };

// --- phone number ---------------------------------------------------------------------------

const PHONE_STRUCTS: Partial<Record<string, StructType>> = {
  throughput: THROUGHPUT,
  health_status: HEALTH_STATUS,
  quality_score: QUALITY_SCORE,
  webhook_configuration: { name: 'WhatsAppBusinessPhoneNumberWebhookConfiguration' },
};

export const PHONE_NODE: NodeType<PhoneState> = {
  name: 'WhatsAppBusinessPhoneNumber',
  defaults: ['id', 'display_phone_number', 'verified_name', 'quality_rating'],
  id: (p) => p.id,
  fields: Object.fromEntries(
    PHONE_FIELDS.map((f) => [
      f,
      {
        kind: 'value',
        get: (p: PhoneState, ctx: RenderCtx) => ctx.world.phoneField(p, f),
        minVersion: f === 'whatsapp_business_manager_messaging_limit' ? 24 : undefined,
        struct: PHONE_STRUCTS[f],
      } satisfies ValueField<PhoneState>,
    ]),
  ),
};

function phoneSort(sort: string | null | undefined): 'asc' | 'desc' {
  return sort && /(last_onboarded_time|creation_time)[._]?asc/i.test(sort) ? 'asc' : 'desc';
}

function applyFiltering(items: PhoneState[], raw: string | null | undefined): PhoneState[] {
  if (!raw) return items;
  let rules: unknown;
  try {
    rules = JSON.parse(raw);
  } catch {
    throw Errors.param('param filtering must be an array.');
  }
  if (!Array.isArray(rules)) throw Errors.param('param filtering must be an array.');
  let out = items;
  for (const r of rules as Array<Record<string, unknown>>) {
    const field = String(r?.field ?? '');
    const op = String(r?.operator ?? '').toUpperCase();
    if (field !== 'account_mode') throw Errors.param(`Filtering field ${field} is not supported.`);
    if (op !== 'EQUAL') throw Errors.param(`Filtering operator ${op} is not supported for field ${field}.`);
    out = out.filter((p) => p.f.account_mode === r.value);
  }
  return out;
}

const PHONE_NUMBERS_EDGE: Edge<WabaSpec> = {
  name: 'phone_numbers',
  path: (w) => `${w.id}/phone_numbers`,
  item: PHONE_NODE,
  list: (w, ctx, q) => {
    const phones = ctx.world.phonesByWaba.get(w.id) ?? [];
    for (const p of phones) ctx.world.tick(p);
    const dir = phoneSort(q.sort);
    const sorted = [...phones].sort((a, b) => {
      const ta = typeof a.f.last_onboarded_time === 'string' ? a.f.last_onboarded_time : '';
      const tb = typeof b.f.last_onboarded_time === 'string' ? b.f.last_onboarded_time : '';
      if (ta !== tb) {
        if (!ta) return 1; // never onboarded: always last
        if (!tb) return -1;
        return dir === 'desc' ? (ta < tb ? 1 : -1) : ta < tb ? -1 : 1;
      }
      return a.order - b.order;
    });
    return applyFiltering(sorted, q.filtering);
  },
};

// --- WABA -----------------------------------------------------------------------------------

interface SubscribedApp {
  id: string;
  name: string;
  link?: string;
}

/** An item of /{waba}/subscribed_apps: Graph wraps the app in `whatsapp_business_api_data`. */
const SUBSCRIBED_APP_NODE: NodeType<SubscribedApp> = {
  name: 'Application',
  defaults: ['whatsapp_business_api_data'],
  id: (a) => a.id,
  noId: true,
  fields: {
    whatsapp_business_api_data: {
      kind: 'value',
      get: (a: SubscribedApp) => ({ id: a.id, name: a.name, ...(a.link ? { link: a.link } : {}) }),
      struct: { name: 'WhatsAppBusinessApiData', fields: { id: null, name: null, link: null } },
    },
  },
};

const SUBSCRIBED_APPS_EDGE: Edge<WabaSpec> = {
  name: 'subscribed_apps',
  path: (w) => `${w.id}/subscribed_apps`,
  item: SUBSCRIBED_APP_NODE,
  check: (w) => {
    if (w.subscribed_apps_denied) throw Errors.permissions();
  },
  list: (w) => w.subscribed_apps ?? [DEFAULT_SUBSCRIBED_APP],
};

function v<T>(get: (o: T, ctx: RenderCtx) => unknown, extra: Partial<ValueField<T>> = {}): ValueField<T> {
  return { kind: 'value', get, ...extra };
}

export const WABA_NODE: NodeType<WabaSpec> = {
  name: 'WhatsAppBusinessAccount',
  defaults: ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'],
  id: (w) => w.id,
  fields: {
    id: v((w) => w.id),
    name: v((w) => w.name),
    currency: v((w) => w.currency),
    timezone_id: v((w) => w.timezone_id),
    message_template_namespace: v((w) => w.message_template_namespace),
    account_review_status: v((w) => w.account_review_status),
    business_verification_status: v(
      (w, ctx) => w.business_verification_status ?? ctx.world.businesses.get(w.owner_business_id)?.verification_status,
    ),
    ownership_type: v((w) => w.ownership_type),
    creation_time: v((w) => w.creation_time),
    owner_business_info: v((w, ctx) => ({ id: w.owner_business_id, name: ctx.world.businesses.get(w.owner_business_id)?.name }), {
      struct: BUSINESS_INFO,
    }),
    owner_business: v((w, ctx) => ({ id: w.owner_business_id, name: ctx.world.businesses.get(w.owner_business_id)?.name }), {
      struct: BUSINESS_REF,
    }),
    health_status: v((w, ctx) => ctx.world.wabaHealth(w), { struct: HEALTH_STATUS }),
    whatsapp_business_manager_messaging_limit: v((w) => w.whatsapp_business_manager_messaging_limit, { minVersion: 24 }),
    phone_numbers: { kind: 'edge', edge: PHONE_NUMBERS_EDGE },
    subscribed_apps: { kind: 'edge', edge: SUBSCRIBED_APPS_EDGE },
  },
};

// --- Business -------------------------------------------------------------------------------

function requireBusinessManagement(ctx: RenderCtx): void {
  if (!ctx.world.hasScope(ctx.token, 'business_management')) throw Errors.missingBusinessManagement();
}

const OWNED_WABAS_EDGE: Edge<BusinessSpec> = {
  name: 'owned_whatsapp_business_accounts',
  path: (b) => `${b.id}/owned_whatsapp_business_accounts`,
  item: WABA_NODE,
  check: (_b, ctx) => requireBusinessManagement(ctx),
  list: (b, ctx) => [...ctx.world.wabas.values()].filter((w) => w.owner_business_id === b.id && ctx.world.canAccessWaba(ctx.token, w.id)),
};

const CLIENT_WABAS_EDGE: Edge<BusinessSpec> = {
  name: 'client_whatsapp_business_accounts',
  path: (b) => `${b.id}/client_whatsapp_business_accounts`,
  item: WABA_NODE,
  check: (_b, ctx) => requireBusinessManagement(ctx),
  list: (b, ctx) =>
    [...ctx.world.wabas.values()].filter((w) => (w.client_business_ids ?? []).includes(b.id) && ctx.world.canAccessWaba(ctx.token, w.id)),
};

export const BUSINESS_NODE: NodeType<BusinessSpec> = {
  name: 'Business',
  defaults: ['id', 'name'],
  id: (b) => b.id,
  fields: {
    id: v((b) => b.id),
    name: v((b) => b.name),
    verification_status: v((b) => b.verification_status),
    created_time: v((b) => b.created_time),
    timezone_id: v((b) => b.timezone_id),
    permitted_roles: v((b) => b.permitted_roles),
    owned_whatsapp_business_accounts: { kind: 'edge', edge: OWNED_WABAS_EDGE },
    client_whatsapp_business_accounts: { kind: 'edge', edge: CLIENT_WABAS_EDGE },
  },
};

// --- User (/me) -----------------------------------------------------------------------------

const BUSINESSES_EDGE: Edge<TokenState> = {
  name: 'businesses',
  path: () => 'me/businesses',
  item: BUSINESS_NODE,
  check: (_t, ctx) => requireBusinessManagement(ctx),
  list: (t, ctx) => ctx.world.visibleBusinesses(t),
};

export const USER_NODE: NodeType<TokenState> = {
  name: 'User',
  defaults: ['id', 'name'],
  id: (t) => t.userId,
  fields: {
    id: v((t) => t.userId),
    name: v((t) => t.userName),
    businesses: { kind: 'edge', edge: BUSINESSES_EDGE },
  },
};

// --- renderer -------------------------------------------------------------------------------

function lookup<T>(type: NodeType<T>, name: string, ctx: RenderCtx): FieldDef<T> {
  const def = Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
  if (!def || (def.kind === 'value' && def.minVersion !== undefined && ctx.version.num < def.minVersion))
    throw Errors.nonexistingField(name, type.name);
  return def;
}

function validateStruct(struct: StructType, sels: FieldSel[]): void {
  if (!struct.fields) return;
  for (const s of sels) {
    if (!Object.hasOwn(struct.fields, s.name)) throw Errors.nonexistingField(s.name, struct.name);
    const sub = struct.fields[s.name];
    if (s.children && sub) validateStruct(sub, s.children);
  }
}

/** Schema-level validation of a whole selection (Graph rejects unknown fields even on empty edges). */
export function validateSelection<T>(type: NodeType<T>, sels: FieldSel[] | undefined, ctx: RenderCtx): void {
  if (!sels) return;
  for (const s of sels) {
    const def = lookup(type, s.name, ctx);
    if (def.kind === 'edge') {
      validateSelection(def.edge.item, s.children, ctx);
      const lim = modifier(s, 'limit');
      if (lim !== undefined) parseLimit(lim);
    } else if (s.children && def.struct) validateStruct(def.struct, s.children);
  }
}

function selectStruct(value: unknown, struct: StructType | undefined, sels: FieldSel[]): unknown {
  if (Array.isArray(value)) return value.map((x) => selectStruct(x, struct, sels));
  if (value === null || typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of sels) {
    const val = src[s.name];
    if (val === undefined || val === null) continue;
    const sub = struct?.fields?.[s.name] ?? undefined;
    out[s.name] = s.children ? selectStruct(val, sub, s.children) : structuredClone(val);
  }
  return out;
}

export function renderNode<T>(type: NodeType<T>, obj: T, sels: FieldSel[] | undefined, ctx: RenderCtx): Record<string, unknown> {
  const selection: FieldSel[] = sels ?? type.defaults.map((name) => ({ name, modifiers: [] }));
  const out: Record<string, unknown> = {};
  for (const s of selection) {
    const def = lookup(type, s.name, ctx);
    if (def.kind === 'edge') {
      const params: Array<[string, string]> = [];
      if (ctx.urlToken) params.push(['access_token', ctx.urlToken]);
      if (s.children) params.push(['fields', serializeFields(s.children)]);
      out[s.name] = renderEdge(def.edge, obj, ctx, {
        fields: s.children,
        limit: modifier(s, 'limit'),
        after: modifier(s, 'after'),
        before: modifier(s, 'before'),
        params,
        query: {},
      });
      continue;
    }
    const value = def.get(obj, ctx);
    if (value === undefined || value === null) continue;
    out[s.name] = s.children && typeof value === 'object' ? selectStruct(value, def.struct, s.children) : structuredClone(value);
  }
  if (!type.noId && !Object.hasOwn(out, 'id')) out.id = type.id(obj);
  return out;
}

export interface EdgeRenderOpts {
  fields?: FieldSel[];
  limit?: string | null;
  after?: string | null;
  before?: string | null;
  /** params to carry in next/previous URLs (in order) */
  params: Array<[string, string]>;
  query: EdgeQuery;
}

export function renderEdge<P>(edge: Edge<P>, parent: P, ctx: RenderCtx, o: EdgeRenderOpts): EdgePage {
  edge.check?.(parent, ctx);
  const limit = parseLimit(o.limit);
  const items = edge.list(parent, ctx, o.query);
  const page = edgePage(
    items,
    (i) => edge.item.id(i),
    { limit, after: o.after ?? undefined, before: o.before ?? undefined, maxPageSize: ctx.maxPageSize },
    (i) => renderNode(edge.item, i, o.fields, ctx),
    { version: ctx.version.str, path: edge.path(parent), params: o.params },
  );
  if (o.query.summary && /total_count/.test(o.query.summary)) page.summary = { total_count: items.length };
  return page;
}

export function edgeOf<T>(type: NodeType<T>, name: string): Edge<T> | undefined {
  const def = Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
  return def?.kind === 'edge' ? def.edge : undefined;
}
