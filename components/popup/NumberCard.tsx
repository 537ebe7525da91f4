import { memo, useId } from 'react';
import { t } from '@/lib/i18n';
import { isOutdated, timeAgo, timeUntil } from '@/lib/format/time';
import type { NumberRegistration } from '@/lib/storage/schemas';
import { cardReasons, reasonLines, registrationInFlight, type NumberView } from '@/lib/ui/number-list';
import { Button } from '@/components/ui/Button';
import { HealthPill, healthStyle } from '@/components/ui/HealthPill';
import { RegisterResultView, type RegisterOutcome } from './RegisterResult';

export interface NumberCardProps {
  number: NumberView;
  registration?: NumberRegistration;
  result?: RegisterOutcome;
  pending: boolean;
  now: number;
  intervalMinutes: number;
  onRegister: (phoneId: string) => void;
  onDetails: (phoneId: string) => void;
  onDismiss: (phoneId: string) => void;
}

/**
 * One number as a compact row: health, number, name, the single most important line, "Complete
 * registration" where the decision is `register` ("Verify ownership", opening the details, where it is
 * `verify_ownership`), and Details (the full card, in a dialog). About 56 px,
 * so the popup's first screen shows at least 8 numbers. `data-phone-number-id` and `data-health` are a
 * promise to tests and other tools.
 */
export const NumberCard = memo(function NumberCard(props: NumberCardProps) {
  const { number: n, registration, result, pending, now, intervalMinutes } = props;
  const titleId = useId();
  const stale = n.stale || isOutdated(n.lastReadAt, now, intervalMinutes);
  const inFlight = registrationInFlight(registration, now);
  const removed = n.removedAt !== undefined;
  const canRegister = !removed && n.decision === 'register' && result?.status !== 'registered';
  // Its own reasons: an entity above it (portfolio, WABA, app) explains itself once, on its group.
  const reasons = reasonLines(cardReasons(n.reasons));
  const note = registrationNote(registration, now);
  // The one line the compact row has room for, most important first.
  const checked = n.lastReadAt === undefined ? t('popupNeverChecked') : t('popupLastChecked', [timeAgo(n.lastReadAt, now)]);
  const headline = removed ? t('popupRemoved') : inFlight || pending ? t('popupRegistering') : (note ?? reasons[0] ?? checked);

  return (
    <article
      data-phone-number-id={n.id}
      data-health={n.health}
      data-removed={removed ? 'true' : undefined}
      aria-labelledby={titleId}
      className={`rounded-md border border-l-4 border-slate-300 bg-white px-2 py-[3px] dark:border-slate-700 dark:bg-slate-900 ${healthStyle(n.health).border}`}
    >
      <div className="flex items-center gap-2">
        <h4 id={titleId} className="min-w-0 shrink truncate text-sm leading-5 font-semibold">
          {n.display}
        </h4>
        {n.verifiedName && <span className="min-w-0 flex-1 truncate text-xs text-slate-700 dark:text-slate-300">{n.verifiedName}</span>}
        {!n.verifiedName && <span className="flex-1" />}
        {stale && (
          <span
            className="shrink-0 text-xs font-semibold text-amber-900 dark:text-amber-200"
            data-stale="true"
            title={n.stale ? t('popupStaleFailed') : t('popupStaleOld')}
          >
            <span aria-hidden="true">⚠</span>
            <span className="sr-only">{n.stale ? t('popupStaleFailed') : t('popupStaleOld')}</span>
          </span>
        )}
        <HealthPill health={n.health} />
      </div>

      <div className="flex items-center gap-2">
        <p
          className={`min-w-0 flex-1 truncate text-xs ${removed ? 'font-medium' : ''} text-slate-800 dark:text-slate-200`}
          title={headline}
        >
          {removed && <span aria-hidden="true">⊘ </span>}
          {headline}
        </p>
        {canRegister && (
          <Button variant="primary" size="sm" disabled={pending || inFlight} onClick={() => props.onRegister(n.id)}>
            {t('popupCompleteRegistration')}
          </Button>
        )}
        {!removed && n.decision === 'verify_ownership' && (
          <Button variant="primary" size="sm" aria-haspopup="dialog" onClick={() => props.onDetails(n.id)}>
            {t('popupVerifyOwnership')}
          </Button>
        )}
        {removed && (
          <Button variant="secondary" size="sm" aria-label={t('popupDismissLabel', [n.display])} onClick={() => props.onDismiss(n.id)}>
            {t('popupDismiss')}
          </Button>
        )}
        <Button variant="secondary" size="sm" aria-haspopup="dialog" onClick={() => props.onDetails(n.id)}>
          {t('popupDetails')}
        </Button>
      </div>

      {result && (
        <div className="mt-1">
          <RegisterResultView result={result} now={now} />
        </div>
      )}
    </article>
  );
});

/** What the engine's registration record says right now, in words (or nothing). */
function registrationNote(reg: NumberRegistration | undefined, now: number): string | undefined {
  if (!reg) return undefined;
  if (reg.blockedUntil !== undefined && reg.blockedUntil > now) return t('popupNoteBlocked', [timeUntil(reg.blockedUntil, now)]);
  if (reg.skipped === 'pin_needed') return t('popupNotePinNeeded');
  if (reg.autoStopped) return t('popupNoteAutoStopped', [reg.autoStopped.code]);
  if (reg.certificateWait) return t('popupNoteWaitingForName');
  const last = reg.attempts.at(-1);
  if (last?.outcome === 'error') return t('popupNoteLastFailed', [timeAgo(last.at, now), last.code ?? '?']);
  return undefined;
}
