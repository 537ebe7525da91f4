import { browser } from 'wxt/browser';
import { t } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "4 d ago" (past only; a future time reads "just now"). */
export function timeAgo(at: number, now: number): string {
  const diff = now - at;
  if (diff < MINUTE) return t('uiJustNow');
  if (diff < HOUR) return t('uiMinutesAgo', [Math.floor(diff / MINUTE)]);
  if (diff < DAY) return t('uiHoursAgo', [Math.floor(diff / HOUR)]);
  return t('uiDaysAgo', [Math.floor(diff / DAY)]);
}

/** "in 12 min", "in 3 h", "in 2 d" (a past time reads "now"). */
export function timeUntil(at: number, now: number): string {
  const diff = at - now;
  if (diff <= 0) return t('uiNow');
  if (diff < HOUR) return t('uiInMinutes', [Math.max(1, Math.ceil(diff / MINUTE))]);
  if (diff < DAY) return t('uiInHours', [Math.round(diff / HOUR)]);
  return t('uiInDays', [Math.round(diff / DAY)]);
}

/** The browser's UI language (for dates); undefined lets Intl pick the default. */
export function uiLocale(): string | undefined {
  try {
    return browser.i18n?.getUILanguage?.() || undefined;
  } catch {
    return undefined;
  }
}

/** A date and time in the user's language, e.g. "12 Mar 2026, 14:05". */
export function formatDateTime(at: number, locale = uiLocale()): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  } catch {
    return new Date(at).toISOString();
  }
}

export function formatDate(at: number, locale = uiLocale()): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}

/** A calendar day given as its UTC midnight (a date Meta publishes), e.g. "18 Feb 2028", the same day in every time zone. */
export function formatDay(at: number, locale = uiLocale()): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}

/** A reading older than three check intervals is outdated (the engine did not run); never-read is not. */
export function isOutdated(lastReadAt: number | undefined, now: number, intervalMinutes: number): boolean {
  return lastReadAt !== undefined && now - lastReadAt > 3 * intervalMinutes * MINUTE;
}
