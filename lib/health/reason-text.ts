import { t, type MessageKey } from '../i18n';
import { humaniseEnum } from '../format/humanise';
import { qualityLabel, statusLabel } from '../format/labels';
import type { Health, Reason } from './classify';

export const HEALTH_LABEL_KEYS: Record<Health, MessageKey> = {
  healthy: 'healthHealthy',
  attention: 'healthAttention',
  stuck: 'healthStuck',
  blocked: 'healthBlocked',
  unknown: 'healthUnknown',
};

/** The readable label of a health state (never colour alone). */
export function healthLabel(health: string): string {
  const key = HEALTH_LABEL_KEYS[health as Health];
  return key ? t(key) : humaniseEnum(health);
}

const NAME_STATUS_KEYS: Record<string, MessageKey> = {
  PENDING_REVIEW: 'reasonNamePendingReview',
  DECLINED: 'reasonNameDeclined',
  EXPIRED: 'reasonNameExpired',
};

/** A number limited or blocked by an entity above it says which (its text is on that entity's group). */
const BY_ENTITY: Record<string, MessageKey> = {
  'LIMITED:BUSINESS': 'reasonLimitedByBusiness',
  'LIMITED:WABA': 'reasonLimitedByWaba',
  'LIMITED:APP': 'reasonLimitedByApp',
  'BLOCKED:BUSINESS': 'reasonBlockedByBusiness',
  'BLOCKED:WABA': 'reasonBlockedByWaba',
  'BLOCKED:APP': 'reasonBlockedByApp',
};

/** One of Meta's health errors: its code, description and possible solution, in Meta's words. */
export function metaErrorText(e: Pick<Reason, 'errorCode' | 'detail' | 'solution'>): string {
  const head = [e.errorCode ? `(${e.errorCode})` : '', e.detail ?? ''].filter(Boolean).join(' ');
  return e.solution ? `${head.replace(/[.\s]+$/, '')}. ${t('reasonPossibleSolution', [e.solution])}` : head;
}

/** One reason in words. Meta's own text (health_status errors, additional info) is kept verbatim. */
export function reasonText(
  reason: Pick<Reason, 'code' | 'value' | 'detail' | 'solution' | 'errorCode' | 'entity'> & { code: string },
): string {
  const value = reason.value ? humaniseEnum(reason.value) : '';
  switch (reason.code) {
    case 'never_read':
      return t('reasonNeverRead');
    case 'status':
      // Meta's value in the person's words (labels.ts), humanised only when it is one we do not know.
      return t('reasonStatus', [statusLabel(reason.value)]);
    case 'can_send_blocked':
      return t(BY_ENTITY[`BLOCKED:${reason.entity}`] ?? 'reasonCanSendBlocked');
    case 'can_send_limited':
      return t(BY_ENTITY[`LIMITED:${reason.entity}`] ?? 'reasonCanSendLimited');
    case 'platform_not_applicable':
    case 'throughput_not_applicable':
      return t('reasonRegistrationIncomplete');
    case 'quality':
      return t('reasonQuality', [qualityLabel(reason.value)]);
    case 'name_status': {
      const key = reason.value ? NAME_STATUS_KEYS[reason.value] : undefined;
      return key ? t(key) : t('reasonNameStatus', [value]);
    }
    case 'health_error':
      return metaErrorText(reason);
    case 'calling':
      return t('reasonCalling', [metaErrorText(reason)]);
    case 'health_info':
      return reason.detail ?? '';
    default:
      return humaniseEnum(reason.code);
  }
}
