// Scenario data files (scenarios/*.json): schema (zod), loader, referential checks and the
// deterministic generator used by large scenarios (`generate` + `presets`).

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FaultSchema } from './faults.ts';

const Id = z.string().regex(/^\d{5,20}$/, 'expected a numeric id string');
const GraphTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/, 'expected "2023-08-22T19:05:53+0000" format');
const Version = z.string().regex(/^v\d+\.\d+$/, 'expected a version like "v23.0"');

export const EntityHealthSchema = z.strictObject({
  can_send_message: z.string(),
  can_receive_call_sip: z.string().optional(),
  additional_info: z.array(z.string()).optional(),
  errors: z
    .array(z.strictObject({ error_code: z.number().int(), error_description: z.string(), possible_solution: z.string() }))
    .optional(),
});

/** A whole health_status object (setPhoneField('health_status', …) or a flip of it). */
export const HealthStatusSchema = z.strictObject({
  can_send_message: z.string(),
  entities: z.array(EntityHealthSchema.extend({ entity_type: z.string(), id: z.string() })),
});

/** Public phone-number fields a scenario (or a flip) may give; id, is_pin_enabled and health_status are derived. */
const publicPhoneFieldShape = {
  status: z.string().optional(),
  quality_rating: z.string().optional(),
  quality_score: z.looseObject({ score: z.string() }).optional(),
  code_verification_status: z.string().optional(),
  name_status: z.string().optional(),
  new_name_status: z.string().optional(),
  new_display_name: z.string().optional(),
  platform_type: z.string().optional(),
  throughput: z.looseObject({ level: z.string() }).optional(),
  whatsapp_business_manager_messaging_limit: z.string().optional(),
  messaging_limit_tier: z.string().optional(),
  account_mode: z.string().optional(),
  is_official_business_account: z.boolean().optional(),
  is_on_biz_app: z.boolean().optional(),
  is_preverified_number: z.boolean().optional(),
  last_onboarded_time: GraphTime.optional(),
  search_visibility: z.string().optional(),
  eligibility_for_api_business_global_search: z.string().optional(),
  webhook_configuration: z.record(z.string(), z.string()).optional(),
  certificate: z.string().optional(),
  new_certificate: z.string().optional(),
};

type Shape = Record<string, z.ZodType>;
/** The same fields, each also accepting null (= the field becomes absent, as with setPhoneField). */
function nullable<S extends Shape>(shape: S): { [K in keyof S]: z.ZodNullable<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.nullable()])) as { [K in keyof S]: z.ZodNullable<S[K]> };
}

/**
 * What a flip changes: any public phone field (null removes an optional one), `is_pin_enabled`, the whole
 * `health_status` (null: derived again) or `health`, the PHONE_NUMBER entity (null: derived again).
 */
export const FlipSetSchema = z
  .strictObject({
    display_phone_number: z.string().min(3).optional(),
    verified_name: z.string().optional(),
    ...nullable(publicPhoneFieldShape),
    is_pin_enabled: z.boolean().optional(),
    health_status: HealthStatusSchema.nullable().optional(),
    health: EntityHealthSchema.nullable().optional(),
  })
  .refine((set) => Object.keys(set).length > 0, 'a flip must set at least one field');

/** A scheduled change of a number's public fields, `afterMs` after the simulator started (or after now, at run time). */
export const FlipSchema = z.strictObject({
  afterMs: z.number().int().nonnegative(),
  set: FlipSetSchema,
});

const BehaviourSchema = z.strictObject({
  /** Current two-step-verification PIN (null/absent = no PIN; is_pin_enabled is derived from it). */
  pin: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .optional(),
  /** Display name (name_status / new_name_status PENDING_REVIEW) is approved this long after start. */
  nameApprovedAfterMs: z.number().int().nonnegative().optional(),
  /** Delay between a successful register and the number being CONNECTED (default 1500). */
  provisionDelayMs: z.number().int().nonnegative().optional(),
  /** OTP accepted by verify_code after request_code (default "123456"). */
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** Register attempts already used in the current 72 h window when the scenario starts. */
  usedRegisterAttempts: z.number().int().min(0).max(50).optional(),
  /** Free-form label (for humans and for finding numbers in tests). */
  label: z.string().optional(),
  /** Scheduled field changes, applied in time order when the simulator clock passes start + afterMs. */
  flips: z.array(FlipSchema).optional(),
});

const phoneFieldShape = {
  ...publicPhoneFieldShape,
  /** Overrides the derived PHONE_NUMBER entity of health_status (cleared when the number gets provisioned). */
  health: EntityHealthSchema.optional(),
  behaviour: BehaviourSchema.optional(),
};

export const PhoneTemplateSchema = z.strictObject(phoneFieldShape);
export const PhoneSchema = z.strictObject({
  id: Id,
  waba_id: Id,
  display_phone_number: z.string().min(3),
  verified_name: z.string(),
  ...phoneFieldShape,
});

export const BusinessSchema = z.strictObject({
  id: Id,
  name: z.string(),
  verification_status: z.string().optional(),
  created_time: GraphTime.optional(),
  timezone_id: z.string().optional(),
  permitted_roles: z.array(z.string()).optional(),
  health: EntityHealthSchema.optional(),
});

export const WabaSchema = z.strictObject({
  id: Id,
  name: z.string(),
  owner_business_id: Id,
  /** Businesses this WABA is shared with (they see it under client_whatsapp_business_accounts). */
  client_business_ids: z.array(Id).optional(),
  currency: z.string().optional(),
  timezone_id: z.string().optional(),
  message_template_namespace: z.string().optional(),
  account_review_status: z.string().optional(),
  business_verification_status: z.string().optional(),
  ownership_type: z.string().optional(),
  whatsapp_business_manager_messaging_limit: z.string().optional(),
  creation_time: GraphTime.optional(),
  health: EntityHealthSchema.optional(),
  /**
   * Apps subscribed to the WABA's webhooks (GET /{waba}/subscribed_apps, or the field expansion on the
   * WABA node). Absent: one app (`DEFAULT_SUBSCRIBED_APP`), as after a normal Embedded Signup; `[]`: none,
   * so inbound messages reach no app.
   */
  subscribed_apps: z.array(z.strictObject({ id: Id, name: z.string(), link: z.string().optional() })).optional(),
  /** Reading subscribed_apps is refused with (#200) (a token without access to the WABA's apps). */
  subscribed_apps_denied: z.boolean().optional(),
});

/** The app a WABA has subscribed when its scenario says nothing. */
export const DEFAULT_SUBSCRIBED_APP = { id: '1400000000000001', name: 'Acme Inbox', link: 'https://inbox.example/' };

export const TokenSchema = z.strictObject({
  token: z.string().min(20),
  /** Which GraphSimulator.tokens key this token fills. */
  role: z.enum(['valid', 'expiring', 'expired', 'limited']).optional(),
  type: z.enum(['USER', 'SYSTEM_USER', 'PAGE', 'APP']),
  user_id: Id.optional(),
  user_name: z.string().optional(),
  /** Seconds from simulator start until expiry; null/absent = never; negative = already expired. */
  expires_in_s: z.number().int().nullable().optional(),
  /** Seconds before simulator start the token was issued (default 1 day). */
  issued_ago_s: z.number().int().nonnegative().optional(),
  scopes: z.array(z.string()),
  /** Returned by debug_token; derived from scopes + access when absent. */
  granular_scopes: z.array(z.strictObject({ scope: z.string(), target_ids: z.array(Id).optional() })).optional(),
  /** Business portfolios the token's user can see (/me/businesses); 'all' = every business. */
  businesses: z.union([z.literal('all'), z.array(Id)]).optional(),
  /** WABAs (and their numbers) the token can access; 'all' = every WABA. */
  wabas: z.union([z.literal('all'), z.array(Id)]).optional(),
});

/**
 * A solution partner's clients: businesses generated for the client WABAs to be owned by (each WABA's
 * owner_business_info differs), all of them shared with `ownerBusinessId` (its client_whatsapp_business_accounts).
 */
export const ClientOwnersSchema = z.strictObject({
  /** How many client businesses; the first `count` client WABAs go one to each, the rest at random among them. */
  count: z.number().int().min(1).max(10_000),
  firstBusinessId: Id,
  /** {b} business number (1-based), zero-padded as {b3}. */
  namePattern: z.string(),
  /** Every Nth WABA (1-based, N = ownedEvery) stays owned by ownerBusinessId; absent = every WABA is a client WABA. */
  ownedEvery: z.number().int().min(1).optional(),
  /** Name of those owned WABAs (tokens as wabaNamePattern); default wabaNamePattern. */
  ownedWabaNamePattern: z.string().optional(),
  /** Share of client businesses with verification_status "verified" (the others "not_verified"), default 0.85. */
  verifiedShare: z.number().min(0).max(1).optional(),
});

export const GenerateSchema = z.strictObject({
  seed: z.number().int(),
  wabas: z.number().int().min(1).max(5000),
  phonesPerWaba: z.number().int().min(1).max(1000),
  firstWabaId: Id,
  firstPhoneId: Id,
  ownerBusinessId: Id,
  /** Every Nth WABA (1-based, N = clientEvery) is owned by clientOwnerBusinessId and shared with ownerBusinessId. */
  clientEvery: z.number().int().min(0).optional(),
  clientOwnerBusinessId: Id.optional(),
  /** Many client businesses instead of one clientOwnerBusinessId (exclusive with clientEvery). */
  clientOwners: ClientOwnersSchema.optional(),
  /**
   * Tokens: {w} WABA number (1-based), {n} number within the WABA, {i} global index, {b} owning client
   * business number (0 for WABAs owned by ownerBusinessId); {w3}/{n4}/… zero-padded.
   */
  wabaNamePattern: z.string(),
  verifiedNamePattern: z.string(),
  displayFormats: z.array(z.string()).min(1),
  onboardedFrom: GraphTime,
  onboardedSpanDays: z.number().int().min(1),
  mix: z.array(z.strictObject({ preset: z.string(), weight: z.number().positive() })).min(1),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  app: z
    .strictObject({
      id: Id.optional(),
      name: z.string().optional(),
      /** Version used for unversioned calls (the app's dashboard version). */
      default_version: Version.optional(),
      /** The APP entity of every health_status (default AVAILABLE for messages and SIP calls). */
      health: EntityHealthSchema.optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      bucCallsPerHour: z.number().int().positive().optional(),
      appCallsPerHour: z.number().int().positive().optional(),
    })
    .optional(),
  businesses: z.array(BusinessSchema),
  wabas: z.array(WabaSchema).optional(),
  phones: z.array(PhoneSchema).optional(),
  presets: z.record(z.string(), PhoneTemplateSchema).optional(),
  generate: GenerateSchema.optional(),
  tokens: z.array(TokenSchema).min(1),
  faults: z.array(FaultSchema).optional(),
});

/** Scenario as written in a data file (or passed programmatically). */
export type Scenario = z.input<typeof ScenarioSchema>;
export type ParsedScenario = z.output<typeof ScenarioSchema>;
export type PhoneSpec = z.output<typeof PhoneSchema>;
export type WabaSpec = z.output<typeof WabaSchema>;
export type BusinessSpec = z.output<typeof BusinessSchema>;
export type TokenSpec = z.output<typeof TokenSchema>;
export type EntityHealth = z.output<typeof EntityHealthSchema>;
export type FlipSet = z.output<typeof FlipSetSchema>;
export type Flip = z.output<typeof FlipSchema>;

/** A fully expanded scenario: generated WABAs/phones merged in, references checked. */
export interface ResolvedScenario extends ParsedScenario {
  wabas: WabaSpec[];
  phones: PhoneSpec[];
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function scenarioPath(name: string): URL {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new ScenarioError(`invalid scenario name "${name}"`);
  return new URL(`./scenarios/${name}.json`, import.meta.url);
}

/** The raw (unvalidated) JSON of a scenario file, e.g. to derive a variant in a test. */
export function readScenario(name: string): Scenario {
  return JSON.parse(readFileSync(scenarioPath(name), 'utf8')) as Scenario;
}

export function loadScenarioFile(name: string): ResolvedScenario {
  let raw: unknown;
  const url = scenarioPath(name);
  try {
    raw = JSON.parse(readFileSync(url, 'utf8'));
  } catch (e) {
    throw new ScenarioError(`cannot read scenario "${name}" (${url.pathname}): ${(e as Error).message}`);
  }
  return resolveScenario(raw, name);
}

export function resolveScenario(input: unknown, label = 'scenario'): ResolvedScenario {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new ScenarioError(`invalid ${label}:\n${issues}`);
  }
  const sc = parsed.data;
  const out: ResolvedScenario = { ...sc, wabas: [...(sc.wabas ?? [])], phones: [...(sc.phones ?? [])] };
  if (sc.generate) {
    const gen = generate(sc.generate, sc.presets ?? {});
    out.businesses = [...sc.businesses, ...gen.businesses];
    out.wabas.push(...gen.wabas);
    out.phones.push(...gen.phones);
  }
  checkReferences(out, label);
  return out;
}

function checkReferences(sc: ResolvedScenario, label: string): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const unique = (id: string, what: string) => {
    if (ids.has(id)) problems.push(`duplicate id ${id} (${what})`);
    ids.add(id);
  };
  const biz = new Set(sc.businesses.map((b) => b.id));
  sc.businesses.forEach((b) => unique(b.id, 'business'));
  const wabas = new Set<string>();
  for (const w of sc.wabas) {
    unique(w.id, 'waba');
    wabas.add(w.id);
    if (!biz.has(w.owner_business_id)) problems.push(`waba ${w.id}: unknown owner_business_id ${w.owner_business_id}`);
    for (const c of w.client_business_ids ?? []) if (!biz.has(c)) problems.push(`waba ${w.id}: unknown client business ${c}`);
  }
  const digits = new Set<string>();
  for (const p of sc.phones) {
    unique(p.id, 'phone');
    if (!wabas.has(p.waba_id)) problems.push(`phone ${p.id}: unknown waba_id ${p.waba_id}`);
    const d = p.display_phone_number.replace(/\D/g, '');
    if (digits.has(d)) problems.push(`phone ${p.id}: duplicate display number ${p.display_phone_number}`);
    digits.add(d);
  }
  const tokens = new Set<string>();
  const roles = new Set<string>();
  for (const t of sc.tokens) {
    if (tokens.has(t.token)) problems.push(`duplicate token ${t.token.slice(0, 12)}…`);
    tokens.add(t.token);
    if (t.role) {
      if (roles.has(t.role)) problems.push(`two tokens with role ${t.role}`);
      roles.add(t.role);
    }
    if (Array.isArray(t.wabas)) for (const w of t.wabas) if (!wabas.has(w)) problems.push(`token ${t.role ?? ''}: unknown waba ${w}`);
    if (Array.isArray(t.businesses))
      for (const b of t.businesses) if (!biz.has(b)) problems.push(`token ${t.role ?? ''}: unknown business ${b}`);
  }
  if (problems.length) throw new ScenarioError(`invalid ${label}:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

// --- deterministic generator ------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fill(pattern: string, vars: Record<string, number>): string {
  return pattern.replace(/\{([a-z])(\d*)\}/g, (m, k: string, width: string) => {
    const v = vars[k];
    if (v === undefined) return m;
    return width ? String(v).padStart(Number(width), '0') : String(v);
  });
}

function addId(base: string, k: number): string {
  return (BigInt(base) + BigInt(k)).toString();
}

export function generate(
  g: z.output<typeof GenerateSchema>,
  presets: Record<string, z.output<typeof PhoneTemplateSchema>>,
): { wabas: WabaSpec[]; phones: PhoneSpec[]; businesses: BusinessSpec[] } {
  for (const m of g.mix) if (!presets[m.preset]) throw new ScenarioError(`generate.mix: unknown preset "${m.preset}"`);
  if (g.clientEvery && !g.clientOwnerBusinessId) throw new ScenarioError('generate.clientEvery needs clientOwnerBusinessId');
  if (g.clientEvery && g.clientOwners) throw new ScenarioError('generate: clientEvery and clientOwners exclude each other');
  const rnd = mulberry32(g.seed);
  // Owners are drawn from their own stream, so adding clientOwners never changes the numbers' states.
  const ownerRnd = mulberry32(g.seed ^ 0x5bd1e995);
  const co = g.clientOwners;
  const businesses: BusinessSpec[] = [];
  if (co) {
    const verified = co.verifiedShare ?? 0.85;
    for (let b = 1; b <= co.count; b++) {
      businesses.push({
        id: addId(co.firstBusinessId, (b - 1) * 3),
        name: fill(co.namePattern, { b }),
        verification_status: ownerRnd() < verified ? 'verified' : 'not_verified',
        created_time: '2021-03-01T00:00:00+0000',
      });
    }
  }
  let clientIndex = 0;
  /** 1-based client business number of the next client WABA (0 = owned by ownerBusinessId). */
  const nextOwner = (): number => {
    const k = clientIndex++;
    return k < co!.count ? k + 1 : 1 + Math.floor(ownerRnd() * co!.count);
  };
  const total = g.mix.reduce((s, m) => s + m.weight, 0);
  const pick = () => {
    let r = rnd() * total;
    for (const m of g.mix) {
      r -= m.weight;
      if (r < 0) return m.preset;
    }
    return g.mix[g.mix.length - 1]!.preset;
  };
  const from = Date.parse(g.onboardedFrom.replace('+0000', 'Z'));
  const wabas: WabaSpec[] = [];
  const phones: PhoneSpec[] = [];
  let i = 0;
  for (let w = 1; w <= g.wabas; w++) {
    const ownerNo = co && !(co.ownedEvery && w % co.ownedEvery === 0) ? nextOwner() : 0;
    const isClient = ownerNo > 0 || (!!g.clientEvery && w % g.clientEvery === 0);
    const wabaId = addId(g.firstWabaId, (w - 1) * 7);
    wabas.push({
      id: wabaId,
      name: fill(co && ownerNo === 0 ? (co.ownedWabaNamePattern ?? g.wabaNamePattern) : g.wabaNamePattern, { w, b: ownerNo }),
      owner_business_id: ownerNo > 0 ? businesses[ownerNo - 1]!.id : isClient ? g.clientOwnerBusinessId! : g.ownerBusinessId,
      client_business_ids: isClient ? [g.ownerBusinessId] : undefined,
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: `sim_${wabaId.slice(-8)}`,
      account_review_status: 'APPROVED',
      ownership_type: isClient ? 'CLIENT_OWNED' : 'SELF',
    });
    for (let n = 1; n <= g.phonesPerWaba; n++, i++) {
      const preset = pick();
      const fmt = g.displayFormats[i % g.displayFormats.length]!;
      const vars = { w, n, i: i + 1, b: ownerNo };
      const onboarded = from + Math.floor(rnd() * g.onboardedSpanDays * 86_400_000);
      const tpl = structuredClone(presets[preset]!);
      phones.push({
        id: addId(g.firstPhoneId, i * 13),
        waba_id: wabaId,
        display_phone_number: fill(fmt, vars),
        verified_name: fill(g.verifiedNamePattern, vars),
        last_onboarded_time: new Date(onboarded).toISOString().replace(/\.\d{3}Z$/, '+0000'),
        ...tpl,
        behaviour: { ...tpl.behaviour, label: tpl.behaviour?.label ?? preset },
      });
    }
  }
  return { wabas, phones, businesses };
}
