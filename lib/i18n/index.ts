import { browser } from 'wxt/browser';
import en from '../../public/_locales/en/messages.json';
import { renderText, type Words } from '../text';

/** Every UI string key. English (`public/_locales/en`) is the complete catalogue and the type source. */
export type MessageKey = keyof typeof en;

const FALLBACK: Record<string, { message: string }> = en;

/**
 * Translate `key` with positional substitutions ($1, $2, ...).
 * Uses the browser's i18n (the user's locale); falls back to English when the API is unavailable
 * (unit tests) or a locale lacks the key.
 */
export function t(key: MessageKey, substitutions: ReadonlyArray<string | number> = []): string {
  const subs = substitutions.map(String);
  try {
    const localized = browser.i18n?.getMessage(key, subs);
    if (localized) return localized;
  } catch {
    // i18n unavailable in this context: use the English catalogue below.
  }
  const template = FALLBACK[key]?.message ?? key;
  return template.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

/** Words by id (lib/text.ts) in the person's language. */
export const words = (text: Words): string => renderText(text, t);
