import { t } from '@/lib/i18n';
import { REQUIRED_SCOPES, expiresSoon } from '@/lib/engine/token-status';
import { formatDate, timeUntil } from '@/lib/format/time';
import type { TokenStatus } from '@/lib/storage/schemas';
import { errorText, nextStepText, storedErrorInfo } from '@/lib/ui/error-text';
import { Button } from '@/components/ui/Button';

/** A token Meta refuses, one about to expire, or one missing a required permission: say so, offer the fix. */
export function TokenBanner({ status, now, onFix }: { status: TokenStatus; now: number; onFix: () => void }) {
  const missing = status.missingScopes.filter((s) => (REQUIRED_SCOPES as readonly string[]).includes(s));
  let title: string;
  let body: string | undefined;
  if (status.state === 'invalid') {
    title = t('popupTokenInvalid');
    const err = status.error;
    // Meta refused the token: the next step is a new token, whatever Meta's code.
    body = err ? errorText({ ...storedErrorInfo(err), nextStep: 'auth' }) : nextStepText({ nextStep: 'auth' });
  } else if (status.state === 'valid' && expiresSoon(status, now) && typeof status.expiresAt === 'number') {
    title =
      status.expiresAt <= now
        ? t('popupTokenExpired')
        : t('popupTokenExpiring', [timeUntil(status.expiresAt, now), formatDate(status.expiresAt)]);
    body = t('popupTokenExpiringBody');
  } else if (status.state === 'valid' && missing.length) {
    title = t('popupTokenMissingScopes', [missing.join(', ')]);
    body = t('popupTokenMissingScopesBody');
  } else {
    return null;
  }
  return (
    <section
      role={status.state === 'invalid' ? 'alert' : undefined}
      aria-label={t('popupTokenBannerLabel')}
      className="space-y-2 rounded-md border border-red-700 bg-red-50 p-2.5 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">
        <span aria-hidden="true" className="mr-1">
          ⚠
        </span>
        {title}
      </p>
      {body && <p>{body}</p>}
      <Button variant="primary" onClick={onFix}>
        {t('popupFixToken')}
      </Button>
    </section>
  );
}
