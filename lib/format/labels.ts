import { t, type MessageKey } from '../i18n';
import { humaniseEnum } from './humanise';

/**
 * Human labels for Meta's enum values. Known values go through i18n; an unknown value (Meta adds them
 * all the time) is humanised ("SOME_NEW_VALUE" -> "Some new value"), never shown as a raw key.
 */
type LabelMap = Readonly<Record<string, MessageKey>>;

function label(map: LabelMap, value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return t('uiValueNone');
  const key = map[value.toUpperCase()];
  return key ? t(key) : humaniseEnum(value);
}

const STATUS: LabelMap = {
  CONNECTED: 'uiStatusConnected',
  PENDING: 'uiStatusPending',
  FLAGGED: 'uiStatusFlagged',
  RESTRICTED: 'uiStatusRestricted',
  RATE_LIMITED: 'uiStatusRateLimited',
  BANNED: 'uiStatusBanned',
  DISCONNECTED: 'uiStatusDisconnected',
  UNKNOWN: 'uiStatusUnknown',
  MIGRATED: 'uiStatusMigrated',
  DELETED: 'uiStatusDeleted',
  UNVERIFIED: 'uiStatusUnverified',
};
const QUALITY: LabelMap = {
  GREEN: 'uiQualityGreen',
  YELLOW: 'uiQualityYellow',
  RED: 'uiQualityRed',
  NA: 'uiQualityNa',
  UNKNOWN: 'uiQualityNa',
};
const NAME_STATUS: LabelMap = {
  APPROVED: 'uiNameApproved',
  AVAILABLE_WITHOUT_REVIEW: 'uiNameAvailableWithoutReview',
  DECLINED: 'uiNameDeclined',
  EXPIRED: 'uiNameExpired',
  PENDING_REVIEW: 'uiNamePendingReview',
  NONE: 'uiNameNone',
};
const PLATFORM: LabelMap = {
  CLOUD_API: 'uiPlatformCloudApi',
  ON_PREMISE: 'uiPlatformOnPremise',
  NOT_APPLICABLE: 'uiPlatformNotApplicable',
};
const THROUGHPUT: LabelMap = {
  STANDARD: 'uiThroughputStandard',
  HIGH: 'uiThroughputHigh',
  NOT_APPLICABLE: 'uiThroughputNotApplicable',
};
const CODE_VERIFICATION: LabelMap = {
  VERIFIED: 'uiCodeVerified',
  NOT_VERIFIED: 'uiCodeNotVerified',
  EXPIRED: 'uiCodeExpired',
  UNVERIFIED: 'uiCodeNotVerified',
};
const CAN_SEND: LabelMap = {
  AVAILABLE: 'uiCanSendAvailable',
  LIMITED: 'uiCanSendLimited',
  BLOCKED: 'uiCanSendBlocked',
};
const ACCOUNT_MODE: LabelMap = { LIVE: 'uiModeLive', SANDBOX: 'uiModeSandbox' };
const TOKEN_TYPE: LabelMap = {
  SYSTEM_USER: 'uiTokenTypeSystemUser',
  USER: 'uiTokenTypeUser',
  APP: 'uiTokenTypeApp',
  PAGE: 'uiTokenTypePage',
};
const ENTITY_TYPE: LabelMap = {
  PHONE_NUMBER: 'uiEntityPhoneNumber',
  WABA: 'uiEntityWaba',
  BUSINESS: 'uiEntityBusiness',
  APP: 'uiEntityApp',
  MESSAGE_TEMPLATE: 'uiEntityTemplate',
  FLOW: 'uiEntityFlow',
};

export const statusLabel = (v: string | undefined | null): string => label(STATUS, v);
export const qualityLabel = (v: string | undefined | null): string => label(QUALITY, v);
export const nameStatusLabel = (v: string | undefined | null): string => label(NAME_STATUS, v);
export const platformLabel = (v: string | undefined | null): string => label(PLATFORM, v);
export const throughputLabel = (v: string | undefined | null): string => label(THROUGHPUT, v);
export const codeVerificationLabel = (v: string | undefined | null): string => label(CODE_VERIFICATION, v);
export const canSendLabel = (v: string | undefined | null): string => label(CAN_SEND, v);
export const accountModeLabel = (v: string | undefined | null): string => label(ACCOUNT_MODE, v);
export const tokenTypeLabel = (v: string | undefined | null): string => label(TOKEN_TYPE, v);
export const entityTypeLabel = (v: string | undefined | null): string => label(ENTITY_TYPE, v);

/**
 * Messaging limit tiers: TIER_2K -> "2K customers / 24 h". Any TIER_<n>[K|M] Meta may add is read the
 * same way; other values are humanised.
 */
export function messagingLimitLabel(v: string | undefined | null): string {
  if (!v) return t('uiValueNone');
  const value = v.toUpperCase();
  if (value === 'TIER_UNLIMITED') return t('uiLimitUnlimited');
  if (value === 'UNTIERED') return t('uiLimitUntiered');
  const tier = /^TIER_(\d+)([KM]?)$/.exec(value);
  if (tier) return t('uiLimitCustomers', [`${tier[1]}${tier[2]}`]);
  return humaniseEnum(v);
}

/** Yes/No for booleans Meta sends (is_pin_enabled, is_official_business_account). */
export function yesNo(v: unknown): string {
  if (v === true) return t('uiYes');
  if (v === false) return t('uiNo');
  return t('uiValueNone');
}
