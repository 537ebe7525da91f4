import type { MessageKey } from './i18n';

/**
 * Words by id: a message key of public/_locales and its substitutions. Code never writes sentences; it
 * says which text and with which values, and one renderer turns that into words in the person's language
 * (the pages and the content script with `t()` in lib/i18n, the background with browser.i18n).
 */
export interface Text {
  key: MessageKey;
  subs?: ReadonlyArray<Words>;
}

/** Our text by id, or data shown as it is (Meta's own words, a number, a name). */
export type Words = Text | string | number;

/**
 * Renders words with `getMessage` (the browser falls back to the default locale, English, for a key a
 * catalogue lacks). Substitutions that are texts themselves are rendered first. The background passes
 * browser.i18n's getMessage: the browser holds every catalogue, so none is bundled into it for this.
 */
export function renderText(words: Words, getMessage: (key: MessageKey, subs: string[]) => string): string {
  if (typeof words !== 'object') return String(words);
  const subs = (words.subs ?? []).map((sub) => renderText(sub, getMessage));
  return getMessage(words.key, subs) || words.key;
}
