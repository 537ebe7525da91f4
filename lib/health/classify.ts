import { isCallingError, messagingState, PARENT_ENTITIES, upper as norm } from './entities';

/**
 * Health classification: the vocabulary every UI shows (`data-health`). First match wins:
 * unknown -> blocked -> stuck -> attention -> healthy. Unknown enum values never by themselves make
 * a number stuck or blocked; they are carried through as reasons where relevant. A number limited or
 * blocked by an entity above it (portfolio, WABA, app) says so (`can_send_*` with that `entity`); the
 * entity's own errors belong to its group (lib/health/entities.ts). Calling alone (SIP, 1380xx) never
 * makes a number blocked: that is not a messaging outage.
 */
export const HEALTH_STATES = ['unknown', 'blocked', 'stuck', 'attention', 'healthy'] as const;
export type Health = (typeof HEALTH_STATES)[number];

/** Worst first, for sorting and for the badge colour. */
export const HEALTH_SEVERITY: Record<Health, number> = { blocked: 4, stuck: 3, attention: 2, unknown: 1, healthy: 0 };

/** The fields classification reads. Structural, so any parsed phone-number snapshot fits. */
export interface HealthInput {
  status?: string | null;
  quality_rating?: string | null;
  name_status?: string | null;
  new_name_status?: string | null;
  platform_type?: string | null;
  throughput?: { level?: string | null } | null;
  health_status?: {
    can_send_message?: string | null;
    entities?: ReadonlyArray<{
      entity_type?: string | null;
      id?: string | null;
      can_send_message?: string | null;
      can_receive_call_sip?: string | null;
      additional_info?: ReadonlyArray<string> | null;
      errors?: ReadonlyArray<{ error_code?: number | null; error_description?: string | null; possible_solution?: string | null }> | null;
    }> | null;
  } | null;
}

export type ReasonCode =
  | 'never_read'
  | 'status'
  | 'can_send_blocked'
  | 'can_send_limited'
  | 'platform_not_applicable'
  | 'throughput_not_applicable'
  | 'quality'
  | 'name_status'
  | 'health_error'
  | 'health_info'
  /** Meta's calling errors (SIP not configured, ...): shown in the details, never a messaging outage. */
  | 'calling';

/** A machine-readable reason; the UI turns it into words (see lib/health/reason-text.ts). */
export interface Reason {
  code: ReasonCode;
  /** The Meta enum value involved (e.g. "BANNED", "PENDING_REVIEW"). */
  value?: string;
  /** Entity the reason comes from in health_status (PHONE_NUMBER, WABA, BUSINESS, APP, ...). */
  entity?: string;
  /** That entity's id (its portfolio, WABA or app), so its group can show the reason once. */
  entityId?: string;
  /** Meta's own words (health_status errors and additional_info). */
  detail?: string;
  solution?: string;
  errorCode?: number;
}

export interface Classification {
  health: Health;
  reasons: Reason[];
}

export const BLOCKED_STATUSES: ReadonlySet<string> = new Set(['BANNED', 'DELETED', 'DISCONNECTED']);
export const ATTENTION_STATUSES: ReadonlySet<string> = new Set([
  'FLAGGED',
  'RESTRICTED',
  'RATE_LIMITED',
  'PENDING',
  'UNVERIFIED',
  'MIGRATED',
  'UNKNOWN',
]);
export const ATTENTION_QUALITY: ReadonlySet<string> = new Set(['YELLOW', 'RED']);
export const ATTENTION_NAME_STATUSES: ReadonlySet<string> = new Set(['PENDING_REVIEW', 'DECLINED', 'EXPIRED']);
const NOT_APPLICABLE = 'NOT_APPLICABLE';

/** Reasons Meta gives inside health_status: errors (with possible solutions) and additional info. */
function healthStatusReasons(input: HealthInput): Reason[] {
  const reasons: Reason[] = [];
  for (const entity of input.health_status?.entities ?? []) {
    const entityType = norm(entity.entity_type);
    const entityId = entity.id ?? undefined;
    for (const err of entity.errors ?? []) {
      reasons.push({
        code: isCallingError(err.error_code) ? 'calling' : 'health_error',
        entity: entityType,
        entityId,
        errorCode: err.error_code ?? undefined,
        detail: err.error_description ?? undefined,
        solution: err.possible_solution ?? undefined,
      });
    }
    for (const info of entity.additional_info ?? []) {
      reasons.push({ code: 'health_info', entity: entityType, entityId, detail: info });
    }
  }
  return reasons;
}

export function classify(input: HealthInput | null | undefined): Classification {
  if (!input) return { health: 'unknown', reasons: [{ code: 'never_read' }] };

  const status = norm(input.status);
  const canSend = messagingCanSend(input.health_status);
  const metaReasons = healthStatusReasons(input);

  const blocked: Reason[] = [];
  if (status && BLOCKED_STATUSES.has(status)) blocked.push({ code: 'status', value: status });
  if (canSend === 'BLOCKED') blocked.push(...canSendReasons(input.health_status, 'BLOCKED', 'can_send_blocked'));
  if (blocked.length) return { health: 'blocked', reasons: [...blocked, ...metaReasons] };

  const stuck: Reason[] = [];
  if (norm(input.platform_type) === NOT_APPLICABLE) stuck.push({ code: 'platform_not_applicable', value: NOT_APPLICABLE });
  if (norm(input.throughput?.level) === NOT_APPLICABLE) stuck.push({ code: 'throughput_not_applicable', value: NOT_APPLICABLE });
  const attention = attentionReasons(input, status, canSend);
  if (stuck.length) return { health: 'stuck', reasons: [...stuck, ...attention, ...metaReasons] };

  if (attention.length) return { health: 'attention', reasons: [...attention, ...metaReasons] };
  return { health: 'healthy', reasons: metaReasons };
}

type Status = HealthInput['health_status'];

/**
 * The overall `can_send_message`, except a BLOCKED that comes only from calling: every entity reports
 * whether it can send messages, none is BLOCKED, and one cannot receive calls (or has a calling error).
 * Then messages go as the entities say (LIMITED if one is).
 */
export function messagingCanSend(status: Status): string | undefined {
  const overall = norm(status?.can_send_message);
  const entities = status?.entities ?? [];
  if (overall !== 'BLOCKED' || !entities.length) return overall;
  const calling = (e: (typeof entities)[number]) =>
    norm(e.can_receive_call_sip) === 'BLOCKED' || (e.errors ?? []).some((err) => isCallingError(err.error_code));
  // An entity that says nothing about messages counts only when it speaks of calls alone.
  if (entities.some((e) => messagingState(e) === 'BLOCKED' || (!e.can_send_message && !calling(e)))) return overall;
  if (!entities.some(calling)) return overall;
  return entities.some((e) => messagingState(e) === 'LIMITED') ? 'LIMITED' : 'AVAILABLE';
}

/**
 * Why the number cannot send freely: itself (no entity), or each entity above it at that level when the
 * number's own entity is not (it is "limited by its portfolio", not limited for a reason of its own).
 */
function canSendReasons(status: Status, level: 'LIMITED' | 'BLOCKED', code: 'can_send_limited' | 'can_send_blocked'): Reason[] {
  const entities = status?.entities ?? [];
  const own = entities.some((e) => norm(e.entity_type) === 'PHONE_NUMBER' && messagingState(e) === level);
  const parents = entities.filter((e) => PARENT_ENTITIES.has(norm(e.entity_type) ?? '') && messagingState(e) === level);
  if (own || !parents.length) return [{ code, value: level }];
  return parents.map((e) => ({ code, value: level, entity: norm(e.entity_type), ...(e.id ? { entityId: e.id } : {}) }));
}

function attentionReasons(input: HealthInput, status: string | undefined, canSend: string | undefined): Reason[] {
  const reasons: Reason[] = [];
  const quality = norm(input.quality_rating);
  if (quality && ATTENTION_QUALITY.has(quality)) reasons.push({ code: 'quality', value: quality });
  if (status && ATTENTION_STATUSES.has(status)) reasons.push({ code: 'status', value: status });
  if (canSend === 'LIMITED') reasons.push(...canSendReasons(input.health_status, 'LIMITED', 'can_send_limited'));
  const nameStatus = norm(input.name_status);
  if (nameStatus && ATTENTION_NAME_STATUSES.has(nameStatus)) reasons.push({ code: 'name_status', value: nameStatus });
  return reasons;
}

/** The worst of several health states (for the toolbar badge colour and banners). */
export function worstHealth(states: Iterable<Health>): Health | undefined {
  let worst: Health | undefined;
  for (const s of states) if (worst === undefined || HEALTH_SEVERITY[s] > HEALTH_SEVERITY[worst]) worst = s;
  return worst;
}
