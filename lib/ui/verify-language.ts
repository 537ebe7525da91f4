/**
 * The languages Meta can send an ownership verification code in (request_code's `language`), and the one to
 * offer first: the browser's UI language, mapped to Meta's codes (en_US, pt_BR, es_ES / es_LA...).
 */
export const VERIFY_LANGUAGES = [
  'en_US',
  'en_GB',
  'es_ES',
  'es_LA',
  'pt_BR',
  'pt_PT',
  'fr',
  'de',
  'it',
  'nl',
  'id',
  'hi',
  'ar',
  'ru',
  'tr',
  'ja',
  'ko',
  'zh_CN',
] as const;

/** Meta's code for a browser UI language (`pt-BR`, `es-419`, `en`...); English (US) when none fits. */
export function metaLanguage(uiLanguage: string | undefined): string {
  const [lang = '', region = ''] = (uiLanguage ?? '').split(/[-_]/);
  const l = lang.toLowerCase();
  const r = region.toUpperCase();
  if (l === 'es') return !r || r === 'ES' ? 'es_ES' : 'es_LA';
  if (l === 'pt') return r === 'PT' ? 'pt_PT' : 'pt_BR';
  if (l === 'en') return r === 'GB' ? 'en_GB' : 'en_US';
  return VERIFY_LANGUAGES.find((c) => c === `${l}_${r}`) ?? VERIFY_LANGUAGES.find((c) => c.split('_')[0] === l) ?? 'en_US';
}

/** A language's name in the person's language (es_LA is Meta's Latin American Spanish: es-419). */
export function languageName(code: string, uiLanguage: string | undefined): string {
  try {
    return (
      new Intl.DisplayNames(uiLanguage ? [uiLanguage] : [], { type: 'language' }).of(code.replace('_LA', '-419').replace('_', '-')) ?? code
    );
  } catch {
    return code;
  }
}
