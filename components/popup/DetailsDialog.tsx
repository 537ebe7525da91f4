import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';
import {
  accountModeLabel,
  canSendLabel,
  codeVerificationLabel,
  entityTypeLabel,
  messagingLimitLabel,
  nameStatusLabel,
  platformLabel,
  qualityLabel,
  statusLabel,
  throughputLabel,
  yesNo,
} from '@/lib/format/labels';
import { formatDateTime, timeUntil } from '@/lib/format/time';
import { budget, TOTAL_LIMIT } from '@/lib/registration/policy';
import { VerifyOwnership } from './VerifyOwnership';
import type { NumberRegistration, StoredError } from '@/lib/storage/schemas';
import { errorText, storedErrorInfo, whatHappenedText } from '@/lib/ui/error-text';
import { reasonLines, type NumberView } from '@/lib/ui/number-list';
import { timelineEntries } from '@/lib/ui/timeline-view';
import { HealthChart } from './HealthChart';
import { Dialog } from '@/components/ui/Dialog';
import { HealthPill } from '@/components/ui/HealthPill';

interface Entity {
  entity_type?: string;
  id?: string;
  can_send_message?: string;
  additional_info?: string[];
  errors?: Array<{ error_code?: number; error_description?: string; possible_solution?: string }>;
}

const sectionTitle = 'mb-1 mt-3 text-sm font-semibold';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-2 py-0.5">
      <dt className="text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** A field of one of Meta's enums: the value in words, and Meta's own value under it for support conversations (e.g. NOT_APPLICABLE). */
function EnumField({ label, value, words }: { label: string; value: string | undefined; words: (v: string | undefined) => string }) {
  return (
    <Field label={label}>
      {words(value)}
      {value ? <span className="block break-words font-mono text-xs text-slate-600 dark:text-slate-400">{value}</span> : null}
    </Field>
  );
}

/** A list of the dialog, or the sentence saying it is empty. */
function ListOrNone<T>({
  items,
  none,
  ordered,
  className,
  children,
}: {
  items: T[];
  none: string;
  ordered?: boolean;
  className: string;
  children: (item: T, index: number) => ReactNode;
}) {
  if (items.length === 0) return <p className="text-slate-700 dark:text-slate-300">{none}</p>;
  const List = ordered ? 'ol' : 'ul';
  return <List className={className}>{items.map(children)}</List>;
}

/** A moment of the attempts. */
const When = ({ at }: { at: number }) => <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>;

/** Everything known about one number: health fields, Meta's health entities, attempts, timeline, links. */
export function DetailsDialog({
  number: n,
  registration,
  now,
  onClose,
}: {
  number: NumberView;
  registration?: NumberRegistration;
  now: number;
  onClose: () => void;
}) {
  const entities = (((n.snapshot.health_status as { entities?: unknown } | undefined)?.entities ?? []) as Entity[]).filter(
    (e) => e && typeof e === 'object',
  );
  const used = registration ? budget(registration, now) : undefined;
  const attempts = [...(registration?.attempts ?? [])].reverse();
  const reasons = reasonLines(n.reasons);
  const timeline = timelineEntries(n.changes, n.history, now);

  return (
    <Dialog title={t('popupDetailsTitle', [n.display])} onClose={onClose} wide>
      <div className="max-h-[70vh] overflow-y-auto pr-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <HealthPill health={n.health} />
          {n.verifiedName && <span className="font-medium">{n.verifiedName}</span>}
        </div>
        {reasons.length > 0 && (
          <ul className="mt-2 list-disc pl-5" aria-label={t('popupReasons')}>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        <VerifyOwnership number={n} now={now} />

        <h3 className={sectionTitle}>{t('popupDetailsFields')}</h3>
        <dl>
          <Field label={t('uiFieldPhoneId')}>
            <span className="font-mono">{n.id}</span>
          </Field>
          <Field label={t('uiFieldWabaId')}>
            <span className="font-mono">{n.wabaId}</span>
          </Field>
          <EnumField label={t('uiFieldStatus')} value={n.status} words={statusLabel} />
          <EnumField label={t('uiFieldQuality')} value={n.quality} words={qualityLabel} />
          <EnumField
            label={n.portfolioLimit ? t('uiFieldPortfolioLimit') : t('uiFieldMessagingLimit')}
            value={n.messagingLimit}
            words={messagingLimitLabel}
          />
          <EnumField label={t('uiFieldNameStatus')} value={n.nameStatus} words={nameStatusLabel} />
          {n.newNameStatus && <EnumField label={t('uiFieldNewNameStatus')} value={n.newNameStatus} words={nameStatusLabel} />}
          <EnumField label={t('uiFieldCodeVerification')} value={n.codeVerification} words={codeVerificationLabel} />
          <EnumField label={t('uiFieldPlatform')} value={n.platform} words={platformLabel} />
          <EnumField label={t('uiFieldThroughput')} value={n.throughput} words={throughputLabel} />
          <EnumField label={t('uiFieldCanSend')} value={n.canSend} words={canSendLabel} />
          {n.webhooks && (
            <Field label={t('uiFieldWebhooks')}>
              {n.webhooks.state === 'ok'
                ? n.webhooks.apps.join(', ')
                : n.webhooks.state === 'none'
                  ? t('uiWebhooksNone')
                  : t('uiWebhooksUnknown')}
              {n.webhooks.overrideHost && <span className="block text-xs">{t('uiWebhooksOverride', [n.webhooks.overrideHost])}</span>}
            </Field>
          )}
          <Field label={t('uiFieldAccountMode')}>{accountModeLabel(n.accountMode)}</Field>
          <Field label={t('uiFieldPinEnabled')}>{yesNo(n.isPinEnabled)}</Field>
          <Field label={t('uiFieldOfficial')}>{yesNo(n.snapshot.is_official_business_account)}</Field>
          {typeof n.snapshot.last_onboarded_time === 'string' && (
            <Field label={t('uiFieldOnboarded')}>{n.snapshot.last_onboarded_time}</Field>
          )}
          <Field label={t('uiFieldLastChecked')}>{n.lastReadAt ? formatDateTime(n.lastReadAt) : t('popupNeverChecked')}</Field>
          {n.lastError && <Field label={t('uiFieldLastError')}>{storedErrorText(n.lastError)}</Field>}
        </dl>

        <h3 className={sectionTitle}>{t('popupDetailsEntities')}</h3>
        <ListOrNone items={entities} none={t('popupDetailsNoEntities')} className="space-y-2">
          {(e, i) => (
            <li key={`${e.entity_type}-${e.id}-${i}`} className="rounded border border-slate-300 p-2 dark:border-slate-600">
              <p className="font-medium">
                {entityTypeLabel(e.entity_type)}
                {e.id && <span className="ml-1 font-mono text-xs">{e.id}</span>}
                {e.can_send_message && <span> · {canSendLabel(e.can_send_message)}</span>}
              </p>
              {(e.errors ?? []).map((err, j) => (
                <div key={j} className="mt-1">
                  <p>
                    <span aria-hidden="true">✕ </span>
                    {err.error_code !== undefined && <span className="font-mono">({err.error_code}) </span>}
                    {err.error_description}
                  </p>
                  {err.possible_solution && (
                    <p className="text-slate-700 dark:text-slate-300">{t('reasonPossibleSolution', [err.possible_solution])}</p>
                  )}
                </div>
              ))}
              {(e.additional_info ?? []).map((info, j) => (
                <p key={`i${j}`} className="mt-1 text-slate-700 dark:text-slate-300">
                  {info}
                </p>
              ))}
            </li>
          )}
        </ListOrNone>

        <h3 className={sectionTitle}>{t('popupDetailsAttempts')}</h3>
        {used && <p>{t('popupDetailsBudget', [used.totalUsed, TOTAL_LIMIT])}</p>}
        {registration?.blockedUntil !== undefined && registration.blockedUntil > now && (
          <p>{t('popupNoteBlocked', [timeUntil(registration.blockedUntil, now)])}</p>
        )}
        <ListOrNone items={attempts} none={t('popupDetailsNoAttempts')} ordered className="space-y-1">
          {(a, i) => (
            <li key={`${a.at}-${i}`}>
              <When at={a.at} /> · {a.mode === 'auto' ? t('popupAttemptAuto') : t('popupAttemptManual')} ·{' '}
              {a.outcome === 'success'
                ? t('popupAttemptSuccess')
                : a.outcome === 'interrupted'
                  ? t('popupAttemptInterrupted')
                  : t('popupAttemptError')}
              {a.outcome === 'error' && (
                <span>
                  {': '}
                  {whatHappenedText(storedErrorInfo(a))}
                </span>
              )}
            </li>
          )}
        </ListOrNone>

        <h3 className={sectionTitle}>{t('popupDetailsTimeline')}</h3>
        <HealthChart changes={n.changes} history={n.history} quality={n.quality} health={n.health} now={now} />
        <ListOrNone items={timeline} none={t('popupDetailsNoTimeline')} ordered className="mt-1 space-y-1">
          {(e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={new Date(e.at).toISOString()} title={formatDateTime(e.at)}>
                {e.text}
              </time>
            </li>
          )}
        </ListOrNone>

        <h3 className={sectionTitle}>{t('popupDetailsLinks')}</h3>
        <p>
          <a href={n.managerUrl} target="_blank" rel="noreferrer" className="text-sky-800 underline underline-offset-2 dark:text-sky-300">
            {t('popupOpenManager')}
          </a>
        </p>
      </div>
    </Dialog>
  );
}

const storedErrorText = (e: StoredError): string => errorText(storedErrorInfo(e));
