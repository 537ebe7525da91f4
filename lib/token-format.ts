/**
 * Local checks on a pasted Graph API access token, before any network call.
 * Meta's tokens are opaque and of variable length, so we only refuse what is certainly not a token:
 * whitespace inside, quotes, characters that never occur, or a length far too short.
 */
import type { MessageKey } from './i18n';

export type TokenFormatProblem = 'empty' | 'whitespace' | 'quotes' | 'too_short' | 'characters';

/** Each problem's words in the catalogues (the background answers with the key, the options page shows it). */
export const TOKEN_PROBLEM_KEYS: Record<TokenFormatProblem, MessageKey> = {
  empty: 'optionsTokenEmpty',
  whitespace: 'optionsTokenWhitespace',
  quotes: 'optionsTokenQuotes',
  too_short: 'optionsTokenTooShort',
  characters: 'optionsTokenCharacters',
};

export type TokenFormatResult = { ok: true; token: string } | { ok: false; problem: TokenFormatProblem };

export const MIN_TOKEN_LENGTH = 32;

export function checkTokenFormat(input: string): TokenFormatResult {
  const token = input.trim();
  if (token.length === 0) return { ok: false, problem: 'empty' };
  if (/\s/.test(token)) return { ok: false, problem: 'whitespace' };
  if (/["'`\u201c\u201d\u2018\u2019]/.test(token)) return { ok: false, problem: 'quotes' };
  if (token.length < MIN_TOKEN_LENGTH) return { ok: false, problem: 'too_short' };
  if (!/^[A-Za-z0-9._|~+/=-]+$/.test(token)) return { ok: false, problem: 'characters' };
  return { ok: true, token };
}
