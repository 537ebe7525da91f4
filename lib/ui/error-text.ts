import { t, type MessageKey } from '../i18n';
import type { ErrorInfo } from '../messages/protocol';
import { InfoError } from '../info-error';
import { SCOPE_BLOCKS } from '../engine/token-status';
import type { TokenFormatProblem } from '../token-format';

/**
 * Words for the pages, in the person's language: failures of requests, token problems, scopes, "Check
 * now". What happened, what to do next and refusals: ./reply-text.ts (shared with the content script).
 */
export { nextStepText, refusalText, whatHappenedText } from './reply-text';
/** Any thrown value as ErrorInfo (InfoError carries the background's answer). */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof InfoError) return error.info;
  if (error instanceof Error) return { message: error.message, kind: 'internal' };
  return { message: t('uiErrorUnknown'), kind: 'internal' };
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
