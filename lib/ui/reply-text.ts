import { formatDateTime, timeUntil } from '../format/time';
import { type MessageKey, t } from '../i18n';
import type { ErrorInfo, RegisterReply } from '../messages/protocol';
import { type NextStepId, nextStepId } from '../next-step';

/**
 * Words for the background's answers, in the person's language, for the popup, the options page and the
 * content script: what happened (Meta's message and code), what to do next (by id), and why a
 * registration did not start. The background's English (`action`, `message`) is only the fallback for an
 * id a catalogue lacks. No zod, no Graph code: the content script bundles this.
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
  removed: 'uiRefusedRemoved',
  already_registered: 'uiRefusedAlreadyRegistered',
  check_failed: 'uiRefusedCheckFailed',
};

/** Why a registration did not start, and when it may next be tried. */
export function refusalText(reply: Extract<RegisterReply, { status: 'refused' }>, now: number): string {
  const key = REFUSALS[reply.reason];
  const head = key ? t(key) : reply.message;
  if (reply.until === undefined) return head;
  return `${head} ${t('uiNextPossible', [timeUntil(reply.until, now), formatDateTime(reply.until)])}`;
}
