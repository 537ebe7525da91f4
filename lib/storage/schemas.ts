import { z } from 'zod';
import { DEFAULT_GRAPH_API_VERSION } from '../graph/config';
import { HEALTH_STATES } from '../health/classify';
import { RegistrationRecordSchema } from '../registration/policy';

/**
 * Shapes of everything the background stores in storage.local. Parsed with tolerance on read:
 * unknown keys are kept, a malformed field falls back to its default instead of wiping the rest.
 */

/** A failure as stored and shown: what happened, Meta's code, and (in the UI) what to do next. Never the token. */
export const StoredErrorSchema = z.looseObject({
  kind: z.string().catch('unknown'),
  message: z.string().catch(''),
  code: z.number().optional().catch(undefined),
  subcode: z.number().optional().catch(undefined),
  httpStatus: z.number().optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  userTitle: z.string().optional().catch(undefined),
  userMessage: z.string().optional().catch(undefined),
  fbtraceId: z.string().optional().catch(undefined),
  details: z.string().optional().catch(undefined),
  at: z.number().optional().catch(undefined),
});
export type StoredError = z.infer<typeof StoredErrorSchema>;

export const SettingsSchema = z.object({
  autoRetry: z.boolean().catch(true),
  intervalMinutes: z.number().int().min(5).max(60).catch(15),
  notify: z
    .object({
      stuck: z.boolean().catch(true),
      blocked: z.boolean().catch(true),
      registered: z.boolean().catch(true),
      token: z.boolean().catch(true),
    })
    .catch({ stuck: true, blocked: true, registered: true, token: true }),
  graphVersion: z.string().regex(/^v\d+\.\d+$/).catch(DEFAULT_GRAPH_API_VERSION),
  manualWabaIds: z.array(z.string().regex(/^\d+$/)).catch([]),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings = (): Settings => SettingsSchema.parse({});

export const TokenStatusSchema = z.object({
  state: z.enum(['none', 'unchecked', 'valid', 'invalid']).catch('unchecked'),
  type: z.string().optional().catch(undefined),
  application: z.string().optional().catch(undefined),
  /** ms since epoch; null = never expires. */
  expiresAt: z.number().nullable().optional().catch(undefined),
  scopes: z.array(z.string()).catch([]),
  missingScopes: z.array(z.string()).catch([]),
  checkedAt: z.number().optional().catch(undefined),
  error: StoredErrorSchema.optional().catch(undefined),
  /** Bumped on every newly saved token, so notifications and waits tied to an old token can be told apart. */
  generation: z.number().catch(0),
});
export type TokenStatus = z.infer<typeof TokenStatusSchema>;

export const WabaStateSchema = z.object({
  id: z.string(),
  name: z.string().optional().catch(undefined),
  businessId: z.string().optional().catch(undefined),
  businessName: z.string().optional().catch(undefined),
  /** How we found it: granular token scopes, owned/client WABAs of a business, or typed in by the user. */
  sources: z.array(z.string()).catch([]),
  phoneIds: z.array(z.string()).catch([]),
  lastReadAt: z.number().optional().catch(undefined),
  lastError: StoredErrorSchema.optional().catch(undefined),
});
export type WabaState = z.infer<typeof WabaStateSchema>;

export const AccountsSchema = z.object({
  wabas: z.record(z.string(), WabaStateSchema).catch({}),
  discoveredAt: z.number().optional().catch(undefined),
  /** Problems met during discovery (one source failing does not fail the others). */
  discoveryErrors: z.array(StoredErrorSchema.extend({ source: z.string().optional() })).catch([]),
});
export type Accounts = z.infer<typeof AccountsSchema>;

export const ReasonSchema = z.object({
  code: z.string(),
  value: z.string().optional(),
  entity: z.string().optional(),
  detail: z.string().optional(),
  solution: z.string().optional(),
  errorCode: z.number().optional(),
});

export const HealthSchema = z.enum(HEALTH_STATES).catch('unknown');

/** Snapshot as read from Graph: any object with a string id; every other field kept as Meta sent it. */
export const SnapshotSchema = z.looseObject({ id: z.string() });
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const TransitionSchema = z.object({ at: z.number(), from: HealthSchema.optional(), to: HealthSchema });
export type Transition = z.infer<typeof TransitionSchema>;

export const NumberStateSchema = z.object({
  id: z.string(),
  wabaId: z.string(),
  snapshot: SnapshotSchema.optional().catch(undefined),
  /** Last successful read. */
  lastReadAt: z.number().optional().catch(undefined),
  lastError: StoredErrorSchema.optional().catch(undefined),
  /** The last read failed: snapshot is the last good one. */
  stale: z.boolean().catch(false),
  health: HealthSchema,
  reasons: z.array(ReasonSchema).catch([]),
  decision: z.string().catch('none'),
  history: z.array(TransitionSchema).catch([]),
  /** The stuck/blocked state we already notified for (not repeated while it holds). */
  notifiedHealth: z.string().optional().catch(undefined),
  firstSeenAt: z.number().catch(0),
});
export type NumberState = z.infer<typeof NumberStateSchema>;

export const InFlightSchema = z.object({ at: z.number(), until: z.number(), mode: z.enum(['auto', 'manual']), owner: z.string() });

export const NumberRegistrationSchema = RegistrationRecordSchema.extend({
  /** Storage lock: a register call is in flight (survives a worker restart; expires). */
  inFlight: InFlightSchema.optional().catch(undefined),
  /** Why automatic retry skips this number right now (e.g. "pin_needed"), for the UI. */
  skipped: z.string().optional().catch(undefined),
});
export type NumberRegistration = z.infer<typeof NumberRegistrationSchema>;

export const PinEntrySchema = z.object({
  pin: z.string().regex(/^\d{6}$/),
  source: z.enum(['user', 'generated']),
  at: z.number(),
});
export type PinEntry = z.infer<typeof PinEntrySchema>;

export const EngineStateSchema = z.object({
  /** Global stop after a rate-limit error, until Meta's estimated regain time. */
  rateLimitedUntil: z.number().optional().catch(undefined),
  /** Usage past 75 %: sweeps are spaced out until this time. */
  slowDownUntil: z.number().optional().catch(undefined),
  usagePercent: z.number().optional().catch(undefined),
  sweep: z
    .object({
      running: z.object({ id: z.string(), startedAt: z.number(), until: z.number() }).optional(),
      lastStartedAt: z.number().optional(),
      lastFinishedAt: z.number().optional(),
      lastCalls: z.number().optional(),
      lastError: StoredErrorSchema.optional(),
      progress: z.object({ done: z.number(), total: z.number() }).optional(),
    })
    .catch({}),
});
export type EngineState = z.infer<typeof EngineStateSchema>;
