import { t, type MessageKey } from '../i18n';
import type { ErrorInfo, RegisterReply } from '../messages/protocol';
import { RequestFailedError } from '../messages/protocol';
import { SCOPE_BLOCKS } from '../engine/token-status';
import { nextStepId, type NextStepId } from '../errors-for-people';
import { formatDateTime, timeUntil } from '../format/time';
import type { TokenFormatProblem } from '../token-format';

/**
 * Words for failures, in the person's language: what happened (Meta's message and code, as the
 * background reports it), and what to do next. The background's English `action` is the fallback for
 * cases the UI has no translation for.
 */
const NEXT_STEP_KEYS: Record<NextStepId, MessageKey> = {
  certificate: 'uiNextCertificate',
  wrongPin: 'uiNextWrongPin',
  reverify: 'uiNextReverify',
  blocked72h: 'uiNextBlocked72h',
  recentlyDeleted: 'uiNextRecentlyDeleted',
  notRegistered: 'uiNextNotRegistered',
  locked: 'uiNextLocked',
  auth: 'uiNextAuth',
  permission: 'uiNextPermission',
  rateLimit: 'uiNextRateLimit',
  transient: 'uiNextTransient',
};

export function nextStepText(error: ErrorInfo): string | undefined {
  const id = nextStepId(error);
  return id ? t(NEXT_STEP_KEYS[id]) : error.action;
}

/** What happened, always with Meta's code when there is one (even if the message lacks it). */
export function whatHappenedText(error: ErrorInfo): string {
  const message = error.message.trim() || t('uiErrorUnknown');
  if (error.code === undefined || message.includes(String(error.code))) return message;
  return `${message} (${t('uiMetaErrorCode', [`${error.code}${error.subcode ? `/${error.subcode}` : ''}`])})`;
}

/** Any thrown value as ErrorInfo (RequestFailedError carries the background's answer). */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof RequestFailedError) return error.info;
  if (error instanceof Error) return { message: error.message, kind: 'internal' };
  return { message: t('uiErrorUnknown'), kind: 'internal' };
}

const REFUSALS: Record<string, MessageKey> = {
  budget: 'uiRefusedBudget',
  auto_budget: 'uiRefusedAutoBudget',
  blocked_133016: 'uiRefusedBlocked',
  cooldown: 'uiRefusedCooldown',
  auto_stopped: 'uiRefusedAutoStopped',
  waiting_for_name: 'uiRefusedWaitingForName',
  backoff: 'uiRefusedBackoff',
  in_flight: 'uiRefusedInFlight',
  not_needed: 'uiRefusedNotNeeded',
  no_token: 'uiRefusedNoToken',
  unknown_number: 'uiRefusedUnknownNumber',
  rate_limited: 'uiRefusedRateLimited',
};

/** Why a registration did not start, and when it may next be tried. */
export function refusalText(reply: Extract<RegisterReply, { status: 'refused' }>, now: number): string {
  const key = REFUSALS[reply.reason];
  const head = key ? t(key) : reply.message;
  if (reply.until === undefined) return head;
  return `${head} ${t('uiNextPossible', [timeUntil(reply.until, now), formatDateTime(reply.until)])}`;
}

const TOKEN_PROBLEMS: Record<TokenFormatProblem, MessageKey> = {
  empty: 'optionsTokenEmpty',
  whitespace: 'optionsTokenWhitespace',
  quotes: 'optionsTokenQuotes',
  too_short: 'optionsTokenTooShort',
  characters: 'optionsTokenCharacters',
};

export const tokenProblemText = (problem: TokenFormatProblem): string => t(TOKEN_PROBLEMS[problem]);

const SCOPES: Record<string, MessageKey> = {
  whatsapp_business_management: 'optionsScopeBlocksManagement',
  whatsapp_business_messaging: 'optionsScopeBlocksMessaging',
  business_management: 'optionsScopeBlocksBusiness',
};

/** What a missing scope blocks, in words. */
export function scopeBlocksText(scope: string): string {
  const key = SCOPES[scope];
  return key ? t(key) : (SCOPE_BLOCKS[scope] ?? t('optionsScopeBlocksUnknown'));
}

const SKIPS: Record<string, MessageKey> = {
  no_token: 'popupCheckSkippedNoToken',
  token_invalid: 'popupCheckSkippedTokenInvalid',
  running: 'popupCheckSkippedRunning',
  rate_limited: 'popupCheckSkippedRateLimited',
  slowed_down: 'popupCheckSkippedSlowedDown',
};

/** The answer to "Check now", in words. */
export function checkNowText(reply: { status: string; numbers?: number; reason?: string }): string {
  if (reply.status === 'done') return t('popupCheckDone', [reply.numbers ?? 0]);
  const key = reply.reason ? SKIPS[reply.reason] : undefined;
  return key ? t(key) : t('popupCheckSkipped');
}
