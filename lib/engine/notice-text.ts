import type { Text } from './deps';

/**
 * Renders a notice's text in the person's language with `getMessage` (browser.i18n: the browser falls back
 * to the default locale, English, for a key a catalogue lacks). The English catalogue is not bundled into
 * the background for this: the browser holds every catalogue already.
 */
export function renderText(text: Text, getMessage: (key: string, subs: string[]) => string): string {
  const subs = (text.subs ?? []).map(String);
  return getMessage(text.key, subs) || text.key;
}
