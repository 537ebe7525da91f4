import * as z from 'zod/mini';
import { DEFAULT_GRAPH_API_VERSION, isValidGraphVersion } from '../graph/config';
import { HEALTH_STATES } from '../health/classify';
import { RegistrationRecordSchema } from '../registration/policy';
import { arrayOf, lenientFields, optionalOr, recordOf } from './tolerant';

/**
 * Shapes of everything the background stores (IndexedDB and storage.local, see ./items.ts). Parsed with tolerance on read (helpers in
 * ./tolerant.ts): a malformed field falls back to its default or reads as absent, and a collection (map or
 * list) drops only its malformed entries, never the rest. An entry missing a required field (e.g. an id)
 * is malformed as a whole and dropped.
 *
 * Unknown keys: `z.object` strips them on read, so the next write of that item no longer has them. Only
 * `StoredErrorSchema` and `SnapshotSchema` (`z.looseObject`) keep keys they do not name.
 */

/** A failure as stored and shown: what happened, Meta's code, and (in the UI) what to do next. Never the token. */
export const StoredErrorSchema = z.looseObject({
  kind: z.catch(z.string(), 'unknown'),
  message: z.catch(z.string(), ''),
  code: optionalOr(z.number()),
  subcode: optionalOr(z.number()),
  httpStatus: optionalOr(z.number()),
  type: optionalOr(z.string()),
  userTitle: optionalOr(z.string()),
  userMessage: optionalOr(z.string()),
  fbtraceId: optionalOr(z.string()),
  details: optionalOr(z.string()),
  at: optionalOr(z.number()),
});
export type StoredError = z.infer<typeof StoredErrorSchema>;

export const SettingsSchema = z.object({
  autoRetry: z.catch(z.boolean(), true),
  intervalMinutes: z.catch(z.number().check(z.int(), z.gte(5), z.lte(60)), 15),
  notify: z.catch(
    z.object({
      stuck: z.catch(z.boolean(), true),
      blocked: z.catch(z.boolean(), true),
      registered: z.catch(z.boolean(), true),
      token: z.catch(z.boolean(), true),
    }),
    { stuck: true, blocked: true, registered: true, token: true },
  ),
  /** A version the Graph client would refuse (malformed, or older than MIN_GRAPH_API_VERSION) reads as the default. */
  graphVersion: z.catch(z.string().check(z.refine(isValidGraphVersion)), DEFAULT_GRAPH_API_VERSION),
  manualWabaIds: arrayOf(z.string().check(z.regex(/^\d+$/))),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings = (): Settings => SettingsSchema.parse({});

export const TokenStatusSchema = z.object({
  state: z.catch(z.enum(['none', 'unchecked', 'valid', 'invalid']), 'unchecked'),
  type: optionalOr(z.string()),
  application: optionalOr(z.string()),
  /** ms since epoch; null = never expires. */
  expiresAt: optionalOr(z.nullable(z.number())),
  scopes: arrayOf(z.string()),
  missingScopes: arrayOf(z.string()),
  checkedAt: optionalOr(z.number()),
  error: optionalOr(StoredErrorSchema),
  /** Bumped on every newly saved token, so notifications and waits tied to an old token can be told apart. */
  generation: z.catch(z.number(), 0),
});
export type TokenStatus = z.infer<typeof TokenStatusSchema>;

export const EntityProblemSchema = z.object({
  type: z.string(),
  id: optionalOr(z.string()),
  canSend: z.string(),
  errors: arrayOf(z.object({ code: optionalOr(z.number()), description: optionalOr(z.string()), solution: optionalOr(z.string()) })),
  info: arrayOf(z.string()),
});

export const WabaStateSchema = z.object({
  id: z.string(),
  name: optionalOr(z.string()),
  businessId: optionalOr(z.string()),
  businessName: optionalOr(z.string()),
  /** How we found it: granular token scopes, owned/client WABAs of a business, or typed in by the user. */
  sources: arrayOf(z.string()),
  phoneIds: arrayOf(z.string()),
  lastReadAt: optionalOr(z.number()),
  lastError: optionalOr(StoredErrorSchema),
  /** The token can no longer see this WABA (a complete discovery did not find it). Cleared when found again. */
  removedAt: optionalOr(z.number()),
  /**
   * Who receives its webhooks (inbound messages, statuses): `none` (no app subscribed: they reach no
   * app), `ok` (at least one), `unknown` (Meta refused to say). From its last read.
   */
  webhooks: optionalOr(
    z.object({
      state: z.catch(z.enum(['none', 'ok', 'unknown']), 'unknown'),
      apps: arrayOf(z.object({ id: z.string(), name: optionalOr(z.string()) })),
      at: z.catch(z.number(), 0),
      /** While Meta will not say (`unknown`): the coverage last known, so a loss across it is still seen. */
      known: optionalOr(z.enum(['none', 'ok'])),
    }),
  ),
  /**
   * Entities above its numbers (its portfolio, itself, the app) that Meta reports LIMITED or BLOCKED, as its
   * last read's numbers said (lib/health/entities.ts): shown once on the group they belong to.
   */
  entities: optionalOr(arrayOf(EntityProblemSchema)),
});
export type WabaState = z.infer<typeof WabaStateSchema>;

/** What the last discovery found beyond the WABAs themselves (kept as one record next to them). */
export const AccountsMetaSchema = z.object({
  discoveredAt: optionalOr(z.number()),
  /** Problems met during discovery (one source failing does not fail the others). */
  discoveryErrors: arrayOf(z.extend(StoredErrorSchema, { source: optionalOr(z.string()) })),
});
export type AccountsMeta = z.infer<typeof AccountsMetaSchema>;

/** The WABAs (one record each in storage) with the discovery's meta: how the engine and pages see them. */
export const AccountsSchema = z.extend(AccountsMetaSchema, { wabas: recordOf(WabaStateSchema) });
export type Accounts = z.infer<typeof AccountsSchema>;

export const ReasonSchema = z.object({
  code: z.string(),
  value: optionalOr(z.string()),
  entity: optionalOr(z.string()),
  entityId: optionalOr(z.string()),
  detail: optionalOr(z.string()),
  solution: optionalOr(z.string()),
  errorCode: optionalOr(z.number()),
});

export const HealthSchema = z.catch(z.enum(HEALTH_STATES), 'unknown');

/** Snapshot as read from Graph: any object with a string id; every other field kept as Meta sent it. */
export const SnapshotSchema = z.looseObject({ id: z.string() });
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const TransitionSchema = z.object({ at: z.number(), from: z.optional(HealthSchema), to: HealthSchema });
export type Transition = z.infer<typeof TransitionSchema>;

/** One change of a field Meta reports (lib/timeline.ts names them): the number's change timeline. */
export const ChangeSchema = z.object({ at: z.number(), field: z.string(), from: optionalOr(z.string()), to: optionalOr(z.string()) });
export type Change = z.infer<typeof ChangeSchema>;

export const NumberStateSchema = z.object({
  id: z.string(),
  wabaId: z.string(),
  snapshot: optionalOr(SnapshotSchema),
  /** Last successful read. */
  lastReadAt: optionalOr(z.number()),
  lastError: optionalOr(StoredErrorSchema),
  /** The last read failed: snapshot is the last good one. */
  stale: z.catch(z.boolean(), false),
  health: HealthSchema,
  reasons: arrayOf(ReasonSchema),
  decision: z.catch(z.string(), 'none'),
  history: arrayOf(TransitionSchema),
  /** Changes of what Meta reports, oldest first, bounded (lib/timeline.ts). */
  changes: optionalOr(arrayOf(ChangeSchema)),
  /** The last value Meta reported of each field the timeline records (a read may leave one out). */
  seen: optionalOr(recordOf(z.string())),
  /** The stuck/blocked state we already notified for (not repeated while it holds). */
  notifiedHealth: optionalOr(z.string()),
  firstSeenAt: z.catch(z.number(), 0),
  /**
   * A complete read of its WABA no longer lists the number (or the WABA left the token's reach): never
   * registered, not counted in the badge, shown as removed until the person dismisses it.
   */
  removedAt: optionalOr(z.number()),
  /**
   * What Meta answered about the number's ownership while it is stuck (lib/registration/decision.ts): false
   * after register answered 133006, true after verify_code was accepted or request_code answered 136024.
   * How it weighs against `code_verification_status`: lib/registration/decision.ts. Dropped when a read finds
   * the number no longer stuck.
   */
  ownershipVerified: optionalOr(z.boolean()),
  /** When Meta gave that answer (a register attempt refused with 133006 after it still counts). */
  ownershipAt: optionalOr(z.number()),
  /**
   * The ownership code asked for (lib/engine/verify.ts): a request_code call out until `inFlightUntil`, the
   * last code sent at `sentAt` (by `method`), so the details offer the code box again and no second SMS
   * goes out within the cooldown. Expires with them; dropped once verified or no longer needed.
   */
  codeRequest: optionalOr(
    z.object({ sentAt: optionalOr(z.number()), method: optionalOr(z.string()), inFlightUntil: optionalOr(z.number()) }),
  ),
});
export type NumberState = z.infer<typeof NumberStateSchema>;

/** A register lease (see lib/engine/lease.ts): one call in flight per number, owned by one worker instance. */
export const InFlightSchema = z.object({
  /** Unique per attempt; only the lease's owner releases it (`legacy` for leases stored before ids existed). */
  id: z.catch(z.string(), 'legacy'),
  at: z.number(),
  until: z.number(),
  mode: z.enum(['auto', 'manual']),
  owner: z.string(),
  /** Where the call's PIN came from (the PIN itself is only in `pins`): decides the PIN after a restart. */
  pinOrigin: optionalOr(z.enum(['typed', 'generated', 'stored'])),
});

// lenientFields: a malformed optional field of the record (e.g. `blockedUntil`) reads as absent instead of
// dropping the whole record and, with it, the attempts the 72-hour budget counts.
export const NumberRegistrationSchema = z.extend(lenientFields(RegistrationRecordSchema), {
  /** Storage lock: a register call is in flight (survives a worker restart; expires). */
  inFlight: optionalOr(InFlightSchema),
  /** Why automatic retry skips this number right now (e.g. "pin_needed"), for the UI. */
  skipped: optionalOr(z.string()),
});
export type NumberRegistration = z.infer<typeof NumberRegistrationSchema>;

const PinCoreSchema = z.object({
  pin: z.string().check(z.regex(/^\d{6}$/)),
  source: z.enum(['user', 'generated']),
  at: z.number(),
  /** When Meta accepted a register call with this PIN: from then on only another accepted PIN replaces it. */
  acceptedAt: optionalOr(z.number()),
});

export const PinEntrySchema = z.extend(PinCoreSchema, {
  /**
   * The entry this one replaced when a register call with a typed PIN started, until Meta's answer
   * decides which of the two it holds (lib/engine/pin-store.ts).
   */
  previous: optionalOr(PinCoreSchema),
});
export type PinEntry = z.infer<typeof PinEntrySchema>;

export const EngineStateSchema = z.object({
  /** Global stop after a rate-limit error, until Meta's estimated regain time. */
  rateLimitedUntil: optionalOr(z.number()),
  /** Usage past 75 %: sweeps are spaced out until this time. */
  slowDownUntil: optionalOr(z.number()),
  usagePercent: optionalOr(z.number()),
  sweep: z.catch(
    lenientFields(
      z.object({
        running: z.optional(z.object({ id: z.string(), startedAt: z.number(), until: z.number() })),
        lastStartedAt: z.optional(z.number()),
        lastFinishedAt: z.optional(z.number()),
        lastCalls: z.optional(z.number()),
        lastError: z.optional(StoredErrorSchema),
        progress: z.optional(z.object({ done: z.number(), total: z.number() })),
      }),
    ),
    {},
  ),
  /** Discovery in progress: business portfolios read of total; shown while `until` is ahead (renewed per step). */
  discovery: optionalOr(z.object({ done: z.number(), total: z.number(), until: z.number() })),
});
export type EngineState = z.infer<typeof EngineStateSchema>;

/** The snapshot fields the popup's list shows, filters and groups by (a subset of Meta's phone number). */
export const SummarySnapshotSchema = z.object({
  id: z.string(),
  display_phone_number: optionalOr(z.string()),
  verified_name: optionalOr(z.string()),
  status: optionalOr(z.string()),
  quality_rating: optionalOr(z.string()),
  whatsapp_business_manager_messaging_limit: optionalOr(z.string()),
  messaging_limit_tier: optionalOr(z.string()),
  name_status: optionalOr(z.string()),
  new_name_status: optionalOr(z.string()),
  platform_type: optionalOr(z.string()),
  throughput: optionalOr(z.object({ level: optionalOr(z.string()) })),
  is_pin_enabled: optionalOr(z.boolean()),
  health_status: optionalOr(z.object({ can_send_message: optionalOr(z.string()) })),
});
export type SummarySnapshot = z.infer<typeof SummarySnapshotSchema>;

/**
 * A lean, derived view of one NumberState for the popup's list (about a fifth of its size): no history,
 * no health entities, no raw Graph fields the list does not show. Written by the background only.
 */
export const NumberSummarySchema = z.object({
  id: z.string(),
  wabaId: z.string(),
  snapshot: optionalOr(SummarySnapshotSchema),
  lastReadAt: optionalOr(z.number()),
  lastError: optionalOr(
    z.object({
      kind: z.catch(z.string(), 'unknown'),
      message: z.catch(z.string(), ''),
      code: optionalOr(z.number()),
      subcode: optionalOr(z.number()),
      httpStatus: optionalOr(z.number()),
      /** A failure of ours (network, bad response...): its words come from the catalogue by this cause. */
      local: optionalOr(z.string()),
      userTitle: optionalOr(z.string()),
      userMessage: optionalOr(z.string()),
    }),
  ),
  stale: z.catch(z.boolean(), false),
  health: HealthSchema,
  reasons: arrayOf(ReasonSchema),
  decision: z.catch(z.string(), 'none'),
  removedAt: optionalOr(z.number()),
  /** When the number last entered stuck or blocked (while it still is): a summary notification's filter. */
  alarmedAt: optionalOr(z.number()),
});
export type NumberSummary = z.infer<typeof NumberSummarySchema>;
