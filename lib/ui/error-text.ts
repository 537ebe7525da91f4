import { t, type MessageKey } from '../i18n';
import { TOKEN_PROBLEM_KEYS, type TokenFormatProblem } from '../token-format';

/**
 * Words for the pages, in the person's language: failures of requests, token problems, scopes, "Check
 * now". What happened, what to do next and refusals: ./reply-text.ts (shared with the content script).
 */
export { errorText, nextStepText, refusalText, whatHappenedText } from './reply-text';
/** Any thrown value as ErrorInfo (InfoError carries the background's answer). */
export { storedErrorInfo, toErrorInfo } from '../error-info';

export const tokenProblemText = (problem: TokenFormatProblem): string => t(TOKEN_PROBLEM_KEYS[problem]);

const SCOPES: Partial<Record<string, MessageKey>> = {
  whatsapp_business_management: 'optionsScopeBlocksManagement',
  whatsapp_business_messaging: 'optionsScopeBlocksMessaging',
  business_management: 'optionsScopeBlocksBusiness',
};

/** What a missing scope blocks, in words. */
export function scopeBlocksText(scope: string): string {
  const key = SCOPES[scope];
  return t(key ?? 'optionsScopeBlocksUnknown');
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
