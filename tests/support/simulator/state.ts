// The simulated Meta world: businesses, WABAs, phone numbers (public fields + hidden state) and
// tokens, built from a resolved scenario. Time-based transitions (display-name approval, provisioning,
// scheduled flips) are evaluated lazily against the simulator clock whenever a number is read or written
// (tick()), in the order they fell due.

import { z } from 'zod';
import { graphTime, type SimClock } from './clock.ts';
import { Errors } from './errors.ts';
import {
  type BusinessSpec,
  type EntityHealth,
  EntityHealthSchema,
  FlipSchema,
  type FlipSet,
  type ResolvedScenario,
  type TokenSpec,
  type WabaSpec,
} from './scenario.ts';

export const DEFAULT_PROVISION_DELAY_MS = 1500;
export const DEFAULT_OTP = '123456';

/** Public phone-number fields in the order used for full dumps. */
export const PHONE_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
  'quality_score',
  'code_verification_status',
  'name_status',
  'new_name_status',
  'new_display_name',
  'platform_type',
  'throughput',
  'whatsapp_business_manager_messaging_limit',
  'messaging_limit_tier',
  'account_mode',
  'is_pin_enabled',
  'is_official_business_account',
  'is_on_biz_app',
  'is_preverified_number',
  'last_onboarded_time',
  'health_status',
  'search_visibility',
  'eligibility_for_api_business_global_search',
  'webhook_configuration',
  'certificate',
  'new_certificate',
] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];
const PHONE_FIELD_SET = new Set<string>(PHONE_FIELDS);

export interface HealthEntity {
  entity_type: string;
  id: string;
  can_send_message: string;
  can_receive_call_sip?: string;
  additional_info?: string[];
  errors?: Array<{ error_code: number; error_description: string; possible_solution: string }>;
}
export interface HealthStatus {
  can_send_message: string;
  entities: HealthEntity[];
}

/** A flip waiting for the clock: `set` is applied once the clock reaches `at` (ms epoch). */
export interface PendingFlip {
  at: number;
  set: FlipSet;
}

/** The APP entity when nothing overrides it: the app can send messages and receive SIP calls. */
const DEFAULT_APP_HEALTH: EntityHealth = { can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' };

/** Error codes that say SIP calling is not configured (138024 on the number, 138025 on the app). */
const SIP_NOT_CONFIGURED_CODES = new Set([138024, 138025]);

export interface PhoneState {
  id: string;
  wabaId: string;
  order: number;
  /** stored public fields (everything except id, is_pin_enabled and health_status) */
  f: Record<string, unknown>;
  /** scenario override of the PHONE_NUMBER health entity */
  healthOverride?: EntityHealth;
  /** setPhoneField('health_status', …) override of the whole health_status object */
  healthStatusOverride?: unknown;
  // hidden state — never returned by Graph
  pin: string | null;
  registerAttempts: number[];
  registerBlockedUntil: number;
  provisionAt: number | null;
  provisionDelayMs: number;
  nameApprovalAt: number | null;
  /** scheduled flips not applied yet, in the order they fall due */
  flips: PendingFlip[];
  otp: string;
  otpRequested: boolean;
  label?: string;
}

export interface TokenState {
  token: string;
  role?: string;
  type: TokenSpec['type'];
  userId: string;
  userName: string;
  scopes: string[];
  granularScopes?: Array<{ scope: string; target_ids?: string[] }>;
  businesses: 'all' | Set<string>;
  wabas: 'all' | Set<string>;
  issuedAt: number;
  /** ms epoch; null = never expires */
  expiresAt: number | null;
  invalidated?: { reason: InvalidationReason; at: number };
}
export type InvalidationReason = 'expired' | 'password_changed' | 'logged_out';

export interface AppInfo {
  id: string;
  name: string;
  defaultVersion: string;
}

export class World {
  readonly startedAt: number;
  readonly app: AppInfo;
  readonly businesses = new Map<string, BusinessSpec>();
  readonly wabas = new Map<string, WabaSpec>();
  readonly phones = new Map<string, PhoneState>();
  readonly phonesByWaba = new Map<string, PhoneState[]>();
  readonly tokens = new Map<string, TokenState>();
  readonly limits: { bucCallsPerHour: number; appCallsPerHour: number };
  /** override of the APP entity of every health_status (undefined = DEFAULT_APP_HEALTH) */
  appHealth: EntityHealth | undefined;

  constructor(
    readonly scenario: ResolvedScenario,
    readonly clock: SimClock,
  ) {
    const now = clock.now();
    this.startedAt = now;
    this.app = {
      id: scenario.app?.id ?? '871203945566102',
      name: scenario.app?.name ?? 'WABA Health',
      defaultVersion: scenario.app?.default_version ?? 'v23.0',
    };
    this.appHealth = scenario.app?.health ? structuredClone(scenario.app.health) : undefined;
    this.limits = {
      bucCallsPerHour: scenario.limits?.bucCallsPerHour ?? 5000,
      appCallsPerHour: scenario.limits?.appCallsPerHour ?? 100_000,
    };
    for (const b of scenario.businesses) this.businesses.set(b.id, structuredClone(b));
    for (const w of scenario.wabas) {
      this.wabas.set(w.id, structuredClone(w));
      this.phonesByWaba.set(w.id, []);
    }
    scenario.phones.forEach((spec, order) => {
      const { id, waba_id, health, behaviour, ...fields } = structuredClone(spec);
      const pending = (fields.status ?? 'CONNECTED') === 'PENDING';
      const f: Record<string, unknown> = {
        status: 'CONNECTED',
        quality_rating: pending ? 'NA' : 'GREEN',
        code_verification_status: 'VERIFIED',
        name_status: 'APPROVED',
        platform_type: pending ? 'NOT_APPLICABLE' : 'CLOUD_API',
        throughput: { level: pending ? 'NOT_APPLICABLE' : 'STANDARD' },
        whatsapp_business_manager_messaging_limit: 'TIER_250',
        messaging_limit_tier: 'TIER_250',
        account_mode: 'LIVE',
        is_official_business_account: false,
        is_on_biz_app: false,
        ...fields,
      };
      for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
      const p: PhoneState = {
        id,
        wabaId: waba_id,
        order,
        f,
        healthOverride: health,
        pin: behaviour?.pin ?? null,
        registerAttempts: Array.from({ length: behaviour?.usedRegisterAttempts ?? 0 }, () => now - 60_000),
        registerBlockedUntil: 0,
        provisionAt: null,
        provisionDelayMs: behaviour?.provisionDelayMs ?? DEFAULT_PROVISION_DELAY_MS,
        nameApprovalAt: behaviour?.nameApprovedAfterMs !== undefined ? now + behaviour.nameApprovedAfterMs : null,
        flips: sortFlips((behaviour?.flips ?? []).map((fl) => ({ at: now + fl.afterMs, set: fl.set }))),
        otp: behaviour?.otp ?? DEFAULT_OTP,
        otpRequested: false,
        label: behaviour?.label,
      };
      this.phones.set(id, p);
      this.phonesByWaba.get(waba_id)!.push(p);
    });
    for (const t of scenario.tokens) this.tokens.set(t.token, this.tokenState(t, now));
  }

  private tokenState(t: TokenSpec, now: number): TokenState {
    return {
      token: t.token,
      role: t.role,
      type: t.type,
      userId: t.user_id ?? '122098765432100001',
      userName: t.user_name ?? (t.type === 'SYSTEM_USER' ? 'WABA Health System User' : 'Sim User'),
      scopes: [...t.scopes],
      granularScopes: t.granular_scopes,
      businesses: t.businesses === undefined || t.businesses === 'all' ? 'all' : new Set(t.businesses),
      wabas: t.wabas === undefined || t.wabas === 'all' ? 'all' : new Set(t.wabas),
      issuedAt: now - (t.issued_ago_s ?? 86_400) * 1000,
      expiresAt: t.expires_in_s === null || t.expires_in_s === undefined ? null : now + t.expires_in_s * 1000,
    };
  }

  now(): number {
    return this.clock.now();
  }

  // --- tokens -------------------------------------------------------------------------------

  /** Validates a token the way Graph does (throws 190 errors). */
  authenticate(token: string): TokenState {
    const t = this.tokens.get(token);
    if (!t) throw Errors.invalidToken();
    const err = this.tokenError(t);
    if (err) throw err;
    return t;
  }

  tokenError(t: TokenState) {
    const now = this.now();
    if (t.invalidated) {
      if (t.invalidated.reason === 'password_changed') return Errors.passwordChanged();
      if (t.invalidated.reason === 'logged_out') return Errors.loggedOut();
      return Errors.expiredToken(t.invalidated.at, now);
    }
    if (t.expiresAt !== null && now >= t.expiresAt) return Errors.expiredToken(t.expiresAt, now);
    return undefined;
  }

  invalidateToken(token: string, reason: InvalidationReason = 'expired'): void {
    const t = this.tokens.get(token);
    if (!t) throw new Error(`unknown token ${token.slice(0, 12)}…`);
    t.invalidated = { reason, at: this.now() };
  }

  hasScope(t: TokenState, scope: string): boolean {
    return t.scopes.includes(scope);
  }
  canAccessWaba(t: TokenState, wabaId: string): boolean {
    return t.wabas === 'all' || t.wabas.has(wabaId);
  }
  canAccessBusiness(t: TokenState, businessId: string): boolean {
    return t.businesses === 'all' || t.businesses.has(businessId);
  }
  visibleBusinesses(t: TokenState): BusinessSpec[] {
    return [...this.businesses.values()].filter((b) => this.canAccessBusiness(t, b.id));
  }
  visibleWabaIds(t: TokenState): string[] {
    return [...this.wabas.keys()].filter((w) => this.canAccessWaba(t, w));
  }

  // --- phones -------------------------------------------------------------------------------

  getPhone(id: string): PhoneState {
    const p = this.phones.get(id);
    if (!p) throw new Error(`unknown phone number id ${id}`);
    this.tick(p);
    return p;
  }

  /**
   * Apply due time-based transitions (display-name approval, provisioning, flips) in the order they fell
   * due; at the same moment: approval, then provisioning, then flips in the order they were scheduled.
   */
  tick(p: PhoneState): void {
    const now = this.now();
    for (;;) {
      const due: Array<{ at: number; apply: () => void }> = [];
      if (p.nameApprovalAt !== null && now >= p.nameApprovalAt)
        due.push({
          at: p.nameApprovalAt,
          apply: () => {
            p.nameApprovalAt = null;
            this.approveName(p);
          },
        });
      if (p.provisionAt !== null && now >= p.provisionAt)
        due.push({
          at: p.provisionAt,
          apply: () => {
            p.provisionAt = null;
            p.f.status = 'CONNECTED';
            p.f.platform_type = 'CLOUD_API';
            p.f.throughput = { level: 'STANDARD' };
            if (p.f.quality_rating === 'NA' || p.f.quality_rating === undefined) p.f.quality_rating = 'GREEN';
            p.f.last_onboarded_time ??= graphTime(now);
            p.healthOverride = undefined;
            this.applyApprovedNewName(p);
          },
        });
      const flip = p.flips[0];
      if (flip && now >= flip.at)
        due.push({
          at: flip.at,
          apply: () => {
            p.flips.shift();
            for (const [field, value] of Object.entries(flip.set)) this.writePhoneField(p, field, value);
          },
        });
      if (!due.length) return;
      due.reduce((first, d) => (d.at < first.at ? d : first)).apply();
    }
  }

  /**
   * Schedules a flip of a number's public fields `afterMs` from now (validated like a scenario's
   * `behaviour.flips`; throws on an invalid flip). Returns the moment it applies (ms epoch).
   */
  scheduleFlip(id: string, afterMs: number, set: unknown): number {
    const p = this.getPhone(id);
    const parsed = FlipSchema.safeParse({ afterMs, set });
    if (!parsed.success) throw new Error(`invalid flip: ${z.prettifyError(parsed.error)}`);
    const at = this.now() + parsed.data.afterMs;
    p.flips = sortFlips([...p.flips, { at, set: parsed.data.set }]);
    return at;
  }

  /** The flips of a number still waiting for the clock. */
  pendingFlips(id: string): PendingFlip[] {
    return structuredClone(this.getPhone(id).flips);
  }

  /** When a requested display-name change is approved, (re-)registering applies it. */
  applyApprovedNewName(p: PhoneState): void {
    if (p.f.new_name_status === 'APPROVED' && typeof p.f.new_display_name === 'string') {
      p.f.verified_name = p.f.new_display_name;
      delete p.f.new_display_name;
      delete p.f.new_name_status;
    }
  }

  approveName(p: PhoneState): void {
    if (p.f.name_status === 'PENDING_REVIEW') p.f.name_status = 'APPROVED';
    if (p.f.new_name_status === 'PENDING_REVIEW') p.f.new_name_status = 'APPROVED';
    p.nameApprovalAt = null;
  }

  isPinEnabled(p: PhoneState): boolean {
    return p.pin !== null;
  }

  /** Raw value of one public field (undefined = absent from responses). */
  phoneField(p: PhoneState, field: string): unknown {
    if (field === 'id') return p.id;
    if (field === 'is_pin_enabled') return this.isPinEnabled(p);
    if (field === 'health_status') return p.healthStatusOverride ?? this.phoneHealth(p);
    return p.f[field];
  }

  /** All public fields of a number (no version gating). */
  publicPhone(id: string): Record<string, unknown> {
    const p = this.getPhone(id);
    const out: Record<string, unknown> = {};
    for (const k of PHONE_FIELDS) {
      const v = this.phoneField(p, k);
      if (v !== undefined && v !== null) out[k] = structuredClone(v);
    }
    return out;
  }

  /** Replaces the apps subscribed to a WABA's webhooks (`[]`: an app unsubscribed, none left). */
  setSubscribedApps(wabaId: string, apps: Array<{ id: string; name: string; link?: string }>): void {
    const w = this.wabas.get(wabaId);
    if (!w) throw new Error(`unknown WABA ${wabaId}`);
    w.subscribed_apps = structuredClone(apps);
  }

  /** The number is deleted from its WABA (WhatsApp Manager's trash icon): gone from the list and as a node. */
  deletePhone(id: string): void {
    const p = this.getPhone(id);
    this.phones.delete(id);
    for (const [wabaId, list] of this.phonesByWaba)
      this.phonesByWaba.set(
        wabaId,
        list.filter((x) => x !== p),
      );
  }

  setPhoneField(id: string, field: string, value: unknown): void {
    this.writePhoneField(this.getPhone(id), field, value);
  }

  /** setPhoneField without tick() (flips are written from inside tick). */
  private writePhoneField(p: PhoneState, field: string, value: unknown): void {
    if (field === 'health') {
      p.healthOverride = value === null || value === undefined ? undefined : parseEntityHealth(value, 'health');
      return;
    }
    if (field === 'pin') {
      if (value !== null && !(typeof value === 'string' && /^\d{6}$/.test(value))) throw new Error('pin must be a 6-digit string or null');
      p.pin = value;
      return;
    }
    if (!PHONE_FIELD_SET.has(field)) throw new Error(`unknown phone field "${field}" (known: ${PHONE_FIELDS.join(', ')}, health, pin)`);
    if (field === 'id') throw new Error('the id of a phone number cannot be changed');
    if (field === 'is_pin_enabled') {
      p.pin = value ? (p.pin ?? '000000') : null;
      return;
    }
    if (field === 'health_status') {
      p.healthStatusOverride = value === null || value === undefined ? undefined : structuredClone(value);
      return;
    }
    if (field === 'throughput' && typeof value === 'string') value = { level: value };
    if (value === undefined || value === null) delete p.f[field];
    else p.f[field] = structuredClone(value);
    if ((field === 'name_status' || field === 'new_name_status') && value !== 'PENDING_REVIEW') {
      if (p.f.name_status !== 'PENDING_REVIEW' && p.f.new_name_status !== 'PENDING_REVIEW') p.nameApprovalAt = null;
    }
  }

  // --- health ---------------------------------------------------------------------------------

  /** The BUSINESS entity of every health_status under this business portfolio (null: AVAILABLE again). */
  setBusinessHealth(id: string, health: EntityHealth | null): void {
    const b = this.businesses.get(id);
    if (!b) throw new Error(`unknown business ${id}`);
    if (health === null) delete b.health;
    else b.health = parseEntityHealth(health, 'health');
  }

  /** The WABA entity of the WABA's and its numbers' health_status (null: AVAILABLE again). */
  setWabaHealth(id: string, health: EntityHealth | null): void {
    const w = this.wabas.get(id);
    if (!w) throw new Error(`unknown WABA ${id}`);
    if (health === null) delete w.health;
    else w.health = parseEntityHealth(health, 'health');
  }

  /** The APP entity of every health_status (null: AVAILABLE for messages and SIP calls again). */
  setAppHealth(health: EntityHealth | null): void {
    this.appHealth = health === null ? undefined : parseEntityHealth(health, 'health');
  }

  phoneEntity(p: PhoneState): HealthEntity {
    const base = { entity_type: 'PHONE_NUMBER', id: p.id };
    if (p.healthOverride) return { ...base, ...structuredClone(p.healthOverride) };
    const status = String(p.f.status ?? '');
    // Meta documents no health_status error for a number that is not registered yet, so none is invented:
    // such a number shows as stuck through platform_type / throughput, as on the real API.
    if (status === 'BANNED')
      return {
        ...base,
        can_send_message: 'BLOCKED',
        errors: [
          {
            error_code: 131031,
            error_description: 'This phone number has been banned from using WhatsApp Business Platform.',
            possible_solution: 'Request a review of the decision in Business Support Home: https://business.facebook.com/accountquality',
          },
        ],
      };
    const info: string[] = [];
    if (status === 'RESTRICTED' || status === 'RATE_LIMITED')
      info.push('Your business has reached its messaging limit. You can only reply to messages sent by your customers.');
    if (status === 'FLAGGED' || p.f.quality_rating === 'RED')
      info.push("Your phone number's quality rating is low. Your messaging limit may be lowered if quality does not improve.");
    if (p.f.name_status === 'PENDING_REVIEW')
      info.push('Your display name has not been approved yet. Your message limit will increase after the display name is approved.');
    return info.length ? { ...base, can_send_message: 'LIMITED', additional_info: info } : { ...base, can_send_message: 'AVAILABLE' };
  }

  commonEntities(waba: WabaSpec): HealthEntity[] {
    const biz = this.businesses.get(waba.owner_business_id);
    return [
      { entity_type: 'WABA', id: waba.id, ...(waba.health ? structuredClone(waba.health) : { can_send_message: 'AVAILABLE' }) },
      {
        entity_type: 'BUSINESS',
        id: waba.owner_business_id,
        ...(biz?.health ? structuredClone(biz.health) : { can_send_message: 'AVAILABLE' }),
      },
      { entity_type: 'APP', id: this.app.id, ...structuredClone(this.appHealth ?? DEFAULT_APP_HEALTH) },
    ];
  }

  phoneHealth(p: PhoneState): HealthStatus {
    const waba = this.wabas.get(p.wabaId)!;
    return aggregate([this.phoneEntity(p), ...this.commonEntities(waba)]);
  }

  wabaHealth(waba: WabaSpec): HealthStatus {
    return aggregate(this.commonEntities(waba));
  }
}

/**
 * The overall can_send_message: BLOCKED if an entity is, else LIMITED if one is, else AVAILABLE. As on the
 * real API (Meta's SIP example), an entity whose SIP calling is BLOCKED for want of SIP configuration
 * (138024 / 138025) makes the overall BLOCKED too, although every entity can still send messages.
 */
function aggregate(entities: HealthEntity[]): HealthStatus {
  const values = entities.map((e) => e.can_send_message);
  const sipNotConfigured = entities.some(
    (e) => e.can_receive_call_sip === 'BLOCKED' && (e.errors ?? []).some((x) => SIP_NOT_CONFIGURED_CODES.has(x.error_code)),
  );
  const overall = values.includes('BLOCKED') || sipNotConfigured ? 'BLOCKED' : values.includes('LIMITED') ? 'LIMITED' : 'AVAILABLE';
  return { can_send_message: overall, entities };
}

function sortFlips(flips: PendingFlip[]): PendingFlip[] {
  return flips.sort((a, b) => a.at - b.at); // stable: same moment, order of scheduling
}

function parseEntityHealth(value: unknown, what: string): EntityHealth {
  const parsed = EntityHealthSchema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid ${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
