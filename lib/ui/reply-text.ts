import { nextStepWords, problemWords } from '../error-info';
import { formatDateTime, timeUntil } from '../format/time';
import { type MessageKey, t, words } from '../i18n';
import type { ErrorInfo, RegisterReply } from '../messages/protocol';

/**
 * Words for the background's answers, in the person's language, for the popup, the options page and the
 * content script: what happened (our text by id, or Meta's words, with Meta's code), what to do next, and
 * why a registration did not start. The answers carry ids only. No zod, no Graph code: the content script
 * bundles this.
 */
export function nextStepText(error: Pick<ErrorInfo, 'nextStep' | 'wait'>): string | undefined {
  const next = nextStepWords(error);
  return next ? words(next) : undefined;
}

/** What happened, always with Meta's code when there is one (even if the message lacks it). */
export function whatHappenedText(error: ErrorInfo): string {
  return words(problemWords(error));
}

/** What happened, then what to do next, as one text. */
export function errorText(error: ErrorInfo): string {
  const next = nextStepText(error);
  return next ? `${whatHappenedText(error)} ${next}` : whatHappenedText(error);
}

const REFUSALS: Partial<Record<string, MessageKey>> = {
  budget: 'uiRefusedBudget',
  auto_budget: 'uiRefusedAutoBudget',
  blocked_133016: 'uiRefusedBlocked',
  cooldown: 'uiRefusedCooldown',
  auto_stopped: 'uiRefusedAutoStopped',
  waiting_for_name: 'uiRefusedWaitingForName',
  backoff: 'uiRefusedBackoff',
  in_flight: 'uiRefusedInFlight',
  not_needed: 'uiRefusedNotNeeded',
  needs_verification: 'uiRefusedNeedsVerification',
  no_token: 'uiRefusedNoToken',
  unknown_number: 'uiRefusedUnknownNumber',
  rate_limited: 'uiRefusedRateLimited',
  removed: 'uiRefusedRemoved',
  already_registered: 'uiRefusedAlreadyRegistered',
  check_failed: 'uiRefusedCheckFailed',
};

/** Why a registration did not start, and when it may next be tried. */
export function refusalText(reply: Extract<RegisterReply, { status: 'refused' }>, now: number): string {
  const head = t(REFUSALS[reply.reason] ?? 'uiRefusedUnknown');
  if (reply.until === undefined) return head;
  return `${head} ${t('uiNextPossible', [timeUntil(reply.until, now), formatDateTime(reply.until)])}`;
}
