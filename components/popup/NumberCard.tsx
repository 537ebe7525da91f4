import { memo, useId } from 'react';
import { t } from '@/lib/i18n';
import { messagingLimitLabel, nameStatusLabel, platformLabel, qualityLabel, statusLabel, throughputLabel } from '@/lib/format/labels';
import { formatDateTime, isOutdated, timeAgo, timeUntil } from '@/lib/format/time';
import type { NumberRegistration } from '@/lib/storage/schemas';
import { reasonLines, registrationInFlight, type NumberView } from '@/lib/ui/number-list';
import { Badge } from '@/components/ui/Badge';
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

const WARN_QUALITY = new Set(['YELLOW', 'RED']);

/** One number: `data-phone-number-id` and `data-health` are a promise to tests and other tools. */
export const NumberCard = memo(function NumberCard(props: NumberCardProps) {
  const { number: n, registration, result, pending, now, intervalMinutes } = props;
  const titleId = useId();
  const stale = n.stale || isOutdated(n.lastReadAt, now, intervalMinutes);
  const inFlight = registrationInFlight(registration, now);
  const removed = n.removedAt !== undefined;
  const canRegister = !removed && n.decision === 'register' && result?.status !== 'registered';
  const reasons = reasonLines(n.reasons);
  const platform =
    n.platform === 'NOT_APPLICABLE' || (!n.platform && n.throughput === 'NOT_APPLICABLE')
      ? platformLabel('NOT_APPLICABLE')
      : [n.platform && platformLabel(n.platform), n.throughput && throughputLabel(n.throughput)].filter(Boolean).join(' · ');
  const note = registrationNote(registration, now);

  return (
    <article
      data-phone-number-id={n.id}
      data-health={n.health}
      data-removed={removed ? 'true' : undefined}
      aria-labelledby={titleId}
      className={`space-y-1.5 rounded-md border border-l-4 border-slate-300 bg-white p-2.5 dark:border-slate-700 dark:bg-slate-900 ${healthStyle(n.health).border}`}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={titleId} className="truncate text-sm font-semibold">
            {n.display}
          </h3>
          {n.verifiedName && <p className="truncate text-slate-700 dark:text-slate-300">{n.verifiedName}</p>}
        </div>
        <HealthPill health={n.health} />
      </div>

      {n.lastReadAt !== undefined && (
        <ul className="flex flex-wrap gap-1" aria-label={t('popupAttributes')}>
          {n.status && <Badge label={t('uiFieldStatus')} value={statusLabel(n.status)} />}
          {n.quality && <Badge label={t('uiFieldQuality')} value={qualityLabel(n.quality)} warn={WARN_QUALITY.has(n.quality)} />}
          {n.messagingLimit && <Badge label={t('uiFieldMessagingLimit')} value={messagingLimitLabel(n.messagingLimit)} />}
          {n.nameStatus && <Badge label={t('uiFieldNameStatus')} value={nameStatusLabel(n.nameStatus)} warn={n.nameStatus === 'DECLINED' || n.nameStatus === 'EXPIRED'} />}
          {platform && <Badge label={t('uiFieldPlatform')} value={platform} warn={n.platform === 'NOT_APPLICABLE'} />}
        </ul>
      )}

      <p className="text-xs text-slate-700 dark:text-slate-300">
        {n.lastReadAt !== undefined ? (
          <time dateTime={new Date(n.lastReadAt).toISOString()} title={formatDateTime(n.lastReadAt)}>
            {t('popupLastChecked', [timeAgo(n.lastReadAt, now)])}
          </time>
        ) : (
          t('popupNeverChecked')
        )}
        {stale && (
          <span className="ml-1 font-semibold text-amber-900 dark:text-amber-200" data-stale="true">
            · <span aria-hidden="true">⚠</span> {n.stale ? t('popupStaleFailed') : t('popupStaleOld')}
          </span>
        )}
      </p>

      {removed && (
        <p className="font-medium text-slate-800 dark:text-slate-200">
          <span aria-hidden="true">⊘ </span>
          {t('popupRemoved')}
        </p>
      )}

      {!removed && reasons.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-slate-800 dark:text-slate-200" aria-label={t('popupReasons')}>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}

      {(inFlight || pending) && (
        <p className="text-slate-800 dark:text-slate-200">
          {t('popupRegistering')}
        </p>
      )}
      {!inFlight && !pending && !result && note && <p className="text-slate-800 dark:text-slate-200">{note}</p>}
      {result && <RegisterResultView result={result} now={now} />}

      <div className="flex flex-wrap gap-2 pt-0.5">
        {canRegister && (
          <Button variant="primary" disabled={pending || inFlight} onClick={() => props.onRegister(n.id)}>
            {t('popupCompleteRegistration')}
          </Button>
        )}
        <Button variant="secondary" aria-haspopup="dialog" onClick={() => props.onDetails(n.id)}>
          {t('popupDetails')}
        </Button>
        {removed && (
          <Button variant="secondary" aria-label={t('popupDismissLabel', [n.display])} onClick={() => props.onDismiss(n.id)}>
            {t('popupDismiss')}
          </Button>
        )}
      </div>
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
