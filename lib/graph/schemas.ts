/**
 * zod schemas for everything read from the Graph API, and the types inferred from them.
 *
 * Tolerance rules (Meta adds enum values and fields all the time):
 * - enums are plain strings; the known values are exported as const arrays for the UI and classifier,
 *   but an unknown value is never a parse failure;
 * - objects are loose: unknown keys are kept;
 * - `null` in an optional field is read as absent;
 * - ids must be strings and booleans must be booleans (no coercion): a wrong type makes that item malformed.
 *   Lists are parsed item by item by the client, so one malformed item never loses the rest.
 */
import * as z from 'zod/mini';

const nullToUndefined = (value: unknown): unknown => (value === null ? undefined : value);

/**
 * Optional field that also accepts `null` (read as absent). The same pipe classic `z.preprocess` builds,
 * typed as a preprocess so the key stays optional on the input side too.
 */
function optional<T extends z.core.SomeType>(
  schema: T,
): z.ZodMiniType<z.output<z.ZodMiniOptional<T>>, unknown, z.core.$ZodPreprocessInternals<z.ZodMiniOptional<T>>> {
  return z.pipe(z.transform(nullToUndefined), z.optional(schema)) as never;
}

/** Graph object id: a non-empty string (numeric ids sent as JSON numbers are rejected, never rounded). */
export const GraphIdSchema = z.string().check(z.minLength(1));

// ---------------------------------------------------------------------------------------------------------
// Known enum values (informational: parsing accepts any string)

export const PHONE_STATUS_VALUES = [
  'CONNECTED',
  'PENDING',
  'FLAGGED',
  'RESTRICTED',
  'RATE_LIMITED',
  'BANNED',
  'DISCONNECTED',
  'UNKNOWN',
  'MIGRATED',
  'DELETED',
  'UNVERIFIED',
] as const;
export const QUALITY_RATING_VALUES = ['GREEN', 'YELLOW', 'RED', 'NA', 'UNKNOWN'] as const;
export const CODE_VERIFICATION_STATUS_VALUES = ['NOT_VERIFIED', 'VERIFIED', 'EXPIRED', 'UNVERIFIED'] as const;
export const NAME_STATUS_VALUES = ['APPROVED', 'AVAILABLE_WITHOUT_REVIEW', 'DECLINED', 'EXPIRED', 'PENDING_REVIEW', 'NONE'] as const;
export const PLATFORM_TYPE_VALUES = ['CLOUD_API', 'ON_PREMISE', 'NOT_APPLICABLE'] as const;
export const ACCOUNT_MODE_VALUES = ['LIVE', 'SANDBOX'] as const;
export const THROUGHPUT_LEVEL_VALUES = ['STANDARD', 'HIGH', 'NOT_APPLICABLE'] as const;
/** `whatsapp_business_manager_messaging_limit` (portfolio-level, v24.0+). */
export const MESSAGING_LIMIT_VALUES = ['TIER_50', 'TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED', 'UNTIERED'] as const;
/** Deprecated `messaging_limit_tier`. */
export const LEGACY_MESSAGING_LIMIT_TIER_VALUES = ['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;
export const HEALTH_CAN_SEND_VALUES = ['AVAILABLE', 'LIMITED', 'BLOCKED'] as const;
export const HEALTH_ENTITY_TYPE_VALUES = ['PHONE_NUMBER', 'WABA', 'BUSINESS', 'APP', 'MESSAGE_TEMPLATE', 'FLOW'] as const;
export const TOKEN_TYPE_VALUES = ['USER', 'SYSTEM_USER', 'APP', 'PAGE'] as const;

/** Type guard: is `value` one of the `known` values? (`isKnownValue(QUALITY_RATING_VALUES, q)`) */
export function isKnownValue<const T extends string>(known: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (known as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------
// Phone number node

export const HealthStatusErrorSchema = z.looseObject({
  error_code: optional(z.number()),
  error_description: optional(z.string()),
  possible_solution: optional(z.string()),
});

export const HealthStatusEntitySchema = z.looseObject({
  entity_type: optional(z.string()),
  id: optional(GraphIdSchema),
  can_send_message: optional(z.string()),
  can_receive_call_sip: optional(z.string()),
  additional_info: optional(z.array(z.string())),
  errors: optional(z.array(HealthStatusErrorSchema)),
});

export const HealthStatusSchema = z.looseObject({
  can_send_message: optional(z.string()),
  entities: optional(z.array(HealthStatusEntitySchema)),
});

export const ThroughputSchema = z.looseObject({
  level: optional(z.string()),
});

export const PhoneNumberSchema = z.looseObject({
  id: GraphIdSchema,
  display_phone_number: optional(z.string()),
  verified_name: optional(z.string()),
  status: optional(z.string()),
  quality_rating: optional(z.string()),
  code_verification_status: optional(z.string()),
  name_status: optional(z.string()),
  new_name_status: optional(z.string()),
  platform_type: optional(z.string()),
  throughput: optional(ThroughputSchema),
  whatsapp_business_manager_messaging_limit: optional(z.string()),
  messaging_limit_tier: optional(z.string()),
  account_mode: optional(z.string()),
  is_pin_enabled: optional(z.boolean()),
  is_official_business_account: optional(z.boolean()),
  is_on_biz_app: optional(z.boolean()),
  /** ISO-like string (`2023-08-22T19:05:53+0000`) in practice; kept as received. */
  last_onboarded_time: optional(z.union([z.string(), z.number()])),
  health_status: optional(HealthStatusSchema),
});

export type HealthStatusError = z.output<typeof HealthStatusErrorSchema>;
export type HealthStatusEntity = z.output<typeof HealthStatusEntitySchema>;
export type HealthStatus = z.output<typeof HealthStatusSchema>;
export type PhoneNumber = z.output<typeof PhoneNumberSchema>;

export interface MessagingLimit {
  /** e.g. `TIER_2K`; any string Meta sends. */
  tier: string;
  /** Which field it came from; `messaging_limit_tier` is deprecated and per-number. */
  source: 'whatsapp_business_manager_messaging_limit' | 'messaging_limit_tier';
}

/** Messaging limit of a number: the portfolio-level field, else the deprecated per-number tier. */
export function messagingLimit(
  phone: Pick<PhoneNumber, 'whatsapp_business_manager_messaging_limit' | 'messaging_limit_tier'>,
): MessagingLimit | undefined {
  if (phone.whatsapp_business_manager_messaging_limit) {
    return { tier: phone.whatsapp_business_manager_messaging_limit, source: 'whatsapp_business_manager_messaging_limit' };
  }
  if (phone.messaging_limit_tier) return { tier: phone.messaging_limit_tier, source: 'messaging_limit_tier' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// WABA and business portfolio

export const OwnerBusinessInfoSchema = z.looseObject({
  id: GraphIdSchema,
  name: optional(z.string()),
});

/** One item of a WABA's `subscribed_apps`: the app, inside `whatsapp_business_api_data`. */
export const SubscribedAppSchema = z.looseObject({
  whatsapp_business_api_data: z.looseObject({ id: GraphIdSchema, name: optional(z.string()), link: optional(z.string()) }),
});

export const WabaSchema = z.looseObject({
  id: GraphIdSchema,
  name: optional(z.string()),
  owner_business_info: optional(OwnerBusinessInfoSchema),
});

export const BusinessSchema = z.looseObject({
  id: GraphIdSchema,
  name: optional(z.string()),
});

export type Waba = z.output<typeof WabaSchema>;
export type Business = z.output<typeof BusinessSchema>;

// ---------------------------------------------------------------------------------------------------------
// debug_token

export const GranularScopeSchema = z.looseObject({
  scope: z.string(),
  /** Absent for system-user tokens (access to every asset the system user was given). */
  target_ids: optional(z.array(GraphIdSchema)),
});

export const DebugTokenDataSchema = z.looseObject({
  is_valid: z.boolean(),
  app_id: optional(GraphIdSchema),
  application: optional(z.string()),
  type: optional(z.string()),
  /** Unix seconds; 0 = never expires. */
  expires_at: optional(z.number()),
  /** Unix seconds; 0 = never expires. */
  data_access_expires_at: optional(z.number()),
  issued_at: optional(z.number()),
  scopes: z.pipe(
    optional(z.array(z.string())),
    z.transform((v) => v ?? []),
  ),
  granular_scopes: z.pipe(
    optional(z.array(GranularScopeSchema)),
    z.transform((v) => v ?? []),
  ),
  user_id: optional(GraphIdSchema),
  /** Present when the inspected token is invalid (e.g. code 190, subcode 463). */
  error: optional(
    z.looseObject({
      code: optional(z.number()),
      message: optional(z.string()),
      subcode: optional(z.number()),
    }),
  ),
});

export const DebugTokenResponseSchema = z.looseObject({ data: DebugTokenDataSchema });

export type GranularScope = z.output<typeof GranularScopeSchema>;
export type DebugTokenData = z.output<typeof DebugTokenDataSchema>;

// ---------------------------------------------------------------------------------------------------------
// Envelopes

export const PagingSchema = z.looseObject({
  cursors: optional(
    z.looseObject({
      before: optional(z.string()),
      after: optional(z.string()),
    }),
  ),
  next: optional(z.string()),
  previous: optional(z.string()),
});

/** List envelope. Items stay `unknown` here: the client parses them one by one. */
export const PageEnvelopeSchema = z.looseObject({
  data: z.array(z.unknown()),
  paging: optional(PagingSchema),
});

export type Paging = z.output<typeof PagingSchema>;
export type PageEnvelope = z.output<typeof PageEnvelopeSchema>;
/** A list page with typed items. */
export interface Page<T> {
  data: T[];
  paging?: Paging;
}

/** Meta's error envelope. Only `error` is required; every member is optional and tolerant. */
export const MetaErrorBodySchema = z.looseObject({
  message: optional(z.string()),
  type: optional(z.string()),
  code: optional(z.number()),
  error_subcode: optional(z.number()),
  error_user_title: optional(z.string()),
  error_user_msg: optional(z.string()),
  /** Usually `{details: string, ...}`; sometimes a JSON string. Read with care. */
  error_data: optional(z.unknown()),
  is_transient: optional(z.boolean()),
  fbtrace_id: optional(z.string()),
});

export const MetaErrorEnvelopeSchema = z.looseObject({ error: MetaErrorBodySchema });

export type MetaErrorBody = z.output<typeof MetaErrorBodySchema>;

/** One element of a batch response. `null` = Meta did not complete the sub-request in time. */
export const BatchResponseItemSchema = z.union([
  z.null(),
  z.looseObject({
    code: z.number(),
    headers: optional(z.array(z.looseObject({ name: z.string(), value: z.string() }))),
    body: optional(z.string()),
  }),
]);

export const BatchResponseSchema = z.array(z.unknown());

export type BatchResponseItem = z.output<typeof BatchResponseItemSchema>;

export const SuccessResponseSchema = z.looseObject({ success: z.boolean() });
export type SuccessResponse = z.output<typeof SuccessResponseSchema>;

/** Short, value-free description of zod issues (paths and messages only; never the input). */
export function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
