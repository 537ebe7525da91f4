import { useCallback, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import type { RegisterReply } from '@/lib/messages/protocol';
import { accountsMetaItem, engineItem, registrationsItem, settingsItem, tokenStatusItem } from '@/lib/storage/items';
import { EngineStateSchema, type NumberRegistration } from '@/lib/storage/schemas';
import { healthLabel } from '@/lib/health/reason-text';
import { HEALTH_SEVERITY, type Health } from '@/lib/health/classify';
import { toErrorInfo } from '@/lib/ui/error-text';
import { buildRows, COLLAPSE_AFTER, groupByWaba, lastAttemptWrongPin, problemsOf, toNumberView } from '@/lib/ui/number-list';
import { AppProblems } from '@/components/ui/EntityProblems';
import { useFullNumber, useNumberList } from '@/lib/ui/use-number-list';
import { useNow } from '@/lib/ui/use-now';
import { useStorageItem } from '@/lib/ui/use-storage-item';
import { Button, inputClass } from '@/components/ui/Button';
import { CheckNowButton, CheckStatus, useCheckNow } from './CheckNow';
import { DetailsDialog } from './DetailsDialog';
import { NumberList } from './NumberList';
import { PinDialog } from './PinDialog';
import { RegisterActionsProvider } from './RegisterActions';
import type { RegisterOutcome } from './RegisterResult';
import { TokenBanner } from './TokenBanner';
import { engineBusy } from '@/components/ui/EngineProgress';

const NO_REGISTRATIONS: Record<string, NumberRegistration> = {};
const EMPTY_ENGINE = EngineStateSchema.parse({});

/**
 * What the popup reads from storage (prefetched before React mounts), besides its numbers: those come
 * from indexed reads of the number summaries (lib/ui/use-number-list.ts), the first screen first; a
 * number in full only when its details open.
 */
export const POPUP_ITEMS = [tokenStatusItem, accountsMetaItem, registrationsItem, engineItem, settingsItem];

const openOptions = () => {
  void browser.runtime.openOptionsPage();
};

/** The business owner's view: every number's health, "Check now", "Complete registration". */
export function PopupApp() {
  const token = useStorageItem(tokenStatusItem);
  const engine = useStorageItem(engineItem);
  const now = useNow();
  const { list, counts } = useNumberList(engineBusy(engine.data, now));
  const accountsMeta = useStorageItem(accountsMetaItem);
  const registrations = useStorageItem(registrationsItem);
  const settings = useStorageItem(settingsItem);
  const check = useCheckNow();

  const [query, setQuery] = useState('');
  // Opened from a summary notification: only the numbers it listed, until the person asks for all.
  const [alarmedAt, setAlarmedAt] = useState<number | undefined>(() => alarmedAtParam(globalThis.location?.search ?? ''));
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [results, setResults] = useState<Record<string, RegisterOutcome>>({});
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [pinFor, setPinFor] = useState<{ id: string; notice?: string } | null>(null);
  const [detailsFor, setDetailsFor] = useState<string | null>(null);

  const full = useFullNumber(detailsFor);

  const groups = useMemo(() => (list ? groupByWaba(list.summaries, list.accounts) : []), [list]);
  // The app's own problems concern every number it serves: said once, above the list.
  const appProblems = useMemo(() => problemsOf(groups, 'APP'), [groups]);
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
  const removedCount = counts?.removed ?? 0;
  const many = total > COLLAPSE_AFTER;
  const rows = useMemo(
    () => buildRows(groups, { query, expanded, collapseHealthy: many, alarmedAt }),
    [groups, query, expanded, many, alarmedAt],
  );
  const regs = registrations.data ?? NO_REGISTRATIONS;

  const register = useCallback(async (phoneId: string, pin?: string) => {
    setPending((p) => ({ ...p, [phoneId]: true }));
    setResults(({ [phoneId]: _drop, ...rest }) => rest);
    let reply: RegisterReply;
    try {
      reply = await sendRequest<'completeRegistration'>({ type: 'completeRegistration', phoneId, ...(pin !== undefined ? { pin } : {}) });
    } catch (e) {
      reply = { status: 'failed', error: toErrorInfo(e) };
    }
    setPending(({ [phoneId]: _drop, ...rest }) => rest);
    if (reply.status === 'pin_needed') {
      setPinFor({ id: phoneId, notice: pin !== undefined ? t('popupPinStillNeeded') : undefined });
      return;
    }
    const outcome = reply;
    setResults((r) => ({ ...r, [phoneId]: outcome }));
    setPinFor(null);
  }, []);

  const onRegister = useCallback(
    (phoneId: string) => {
      const prior = results[phoneId];
      const wrongPin = lastAttemptWrongPin(regs[phoneId]) || (prior?.status === 'failed' && prior.error.code === 133005);
      // A PIN Meta refused, or one the engine already knows it lacks: ask instead of reusing it.
      if (wrongPin || regs[phoneId]?.skipped === 'pin_needed')
        setPinFor({ id: phoneId, notice: wrongPin ? t('popupPinWasWrong') : undefined });
      else void register(phoneId);
    },
    [regs, results, register],
  );
  const onDetails = useCallback((phoneId: string) => setDetailsFor(phoneId), []);
  const onDismiss = useCallback((phoneId: string) => {
    void sendRequest<'dismissNumber'>({ type: 'dismissNumber', phoneId }).catch(() => undefined);
  }, []);
  const onToggle = useCallback(
    (wabaId: string) =>
      setExpanded((s) => {
        const next = new Set(s);
        if (!next.delete(wabaId)) next.add(wabaId);
        return next;
      }),
    [],
  );

  if (token.isPending || list === undefined || counts === undefined || accountsMeta.isPending) {
    return (
      <main className="w-[400px] p-4 text-sm text-slate-900 dark:text-slate-100" aria-busy="true">
        <h1 className="mb-3 text-base font-semibold">{t('popupTitle')}</h1>
        <p className="text-slate-700 dark:text-slate-300">{t('uiLoading')}</p>
      </main>
    );
  }

  const status = token.data!;
  if (status.state === 'none') {
    return (
      <main className="w-[400px] bg-white p-4 text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100">
        <h1 className="mb-3 text-base font-semibold">{t('popupTitle')}</h1>
        <section aria-labelledby="onboarding-heading" className="space-y-3">
          <h2 id="onboarding-heading" className="font-medium">
            {t('onboardingHeading')}
          </h2>
          <p className="text-slate-700 dark:text-slate-300">{t('onboardingBody')}</p>
          <ol className="list-decimal space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>{t('popupOnboardingStep1')}</li>
            <li>{t('popupOnboardingStep2')}</li>
            <li>{t('popupOnboardingStep3')}</li>
          </ol>
          <Button variant="primary" onClick={openOptions}>
            {t('openSettings')}
          </Button>
        </section>
      </main>
    );
  }

  const eng = engine.data ?? EMPTY_ENGINE;
  const summary = (Object.keys(counts).filter((h) => h !== 'removed' && counts[h]) as Health[])
    .sort((a, b) => (HEALTH_SEVERITY[b] ?? 0) - (HEALTH_SEVERITY[a] ?? 0))
    .map((h) => `${counts[h]} ${healthLabel(h).toLowerCase()}`)
    .concat(removedCount ? [t('popupRemovedCount', [removedCount])] : [])
    .join(' · ');
  const pinNumber = pinFor ? groups.flatMap((g) => g.numbers).find((n) => n.id === pinFor.id) : undefined;
  const detailsSummary = detailsFor ? groups.flatMap((g) => g.numbers).find((n) => n.id === detailsFor) : undefined;
  // The dialog shows the full stored number (health entities, timeline): it opens once that is read.
  const detailsFull = detailsSummary && full.data ? full.data : undefined;
  const detailsNumber =
    detailsSummary && full.data !== undefined ? (detailsFull ? toNumberView(detailsFull, list.accounts) : detailsSummary) : undefined;
  const dialogOpen = Boolean(pinNumber || detailsNumber);
  const numberRows = rows.filter((r) => r.kind === 'number').length;

  return (
    <>
      <main
        inert={dialogOpen}
        className={`w-[400px] space-y-2 bg-white p-3 text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100 ${dialogOpen ? 'min-h-[520px]' : ''}`}
      >
        <header className="flex items-center justify-between gap-2">
          <h1 className="text-base font-semibold">{t('popupTitle')}</h1>
          <div className="flex items-center gap-2">
            <CheckNowButton check={check} />
            <Button variant="secondary" onClick={openOptions} title={t('popupSettings')}>
              <span aria-hidden="true">⚙</span>
              <span>{t('popupSettings')}</span>
            </Button>
          </div>
        </header>
        <CheckStatus check={check} engine={eng} now={now} />
        <TokenBanner status={status} now={now} onFix={openOptions} />

        {total === 0 ? (
          <EmptyState searching={accountsMeta.data?.discoveredAt === undefined || eng.sweep.running !== undefined} />
        ) : (
          <>
            <p className="text-xs text-slate-700 dark:text-slate-300">
              {t('numbersTracked', [total - removedCount])}: {summary}
            </p>
            {many && (
              <div className="flex flex-col gap-1">
                <label htmlFor="number-filter" className="sr-only">
                  {t('popupFilterLabel')}
                </label>
                <input
                  id="number-filter"
                  type="search"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  placeholder={t('popupFilterPlaceholder')}
                  className={`${inputClass} w-full`}
                  autoComplete="off"
                />
                {query.trim() && (
                  <p className="text-xs text-slate-700 dark:text-slate-300" aria-live="polite">
                    {t('popupFilterMatches', [numberRows])}
                  </p>
                )}
              </div>
            )}
            {alarmedAt !== undefined && (
              <p
                className="flex flex-wrap items-center gap-2 rounded-md border border-slate-300 p-2 text-xs dark:border-slate-700"
                role="status"
              >
                <span>{t('popupNotificationFilter', [numberRows])}</span>
                <Button variant="link" onClick={() => setAlarmedAt(undefined)}>
                  {t('popupShowAll')}
                </Button>
              </p>
            )}
            <AppProblems
              problems={appProblems}
              level={2}
              className="p-2"
              headingClassName="text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300"
            />
            <NumberList
              rows={rows}
              registrations={regs}
              results={results}
              pending={pending}
              now={now}
              intervalMinutes={settings.data?.intervalMinutes ?? 15}
              onRegister={onRegister}
              onDetails={onDetails}
              onDismiss={onDismiss}
              onToggle={onToggle}
            />
          </>
        )}
      </main>
      {pinNumber && pinFor && (
        <PinDialog
          display={pinNumber.display}
          pending={pending[pinNumber.id] ?? false}
          notice={pinFor.notice}
          onSubmit={(pin) => void register(pinNumber.id, pin)}
          onClose={() => setPinFor(null)}
        />
      )}
      <RegisterActionsProvider onRegister={onRegister} results={results} pending={pending}>
        {detailsNumber && !pinNumber && (
          <DetailsDialog number={detailsNumber} registration={regs[detailsNumber.id]} now={now} onClose={() => setDetailsFor(null)} />
        )}
      </RegisterActionsProvider>
    </>
  );
}

function EmptyState({ searching }: { searching: boolean }) {
  return (
    <section className="space-y-2 rounded-md border border-slate-300 p-3 dark:border-slate-700">
      <p className="font-medium">{searching ? t('popupSearching') : t('noNumbersYet')}</p>
      {!searching && <p className="text-slate-700 dark:text-slate-300">{t('popupNoNumbersHelp')}</p>}
      {!searching && (
        <Button variant="secondary" onClick={openOptions}>
          {t('popupAddAccount')}
        </Button>
      )}
    </section>
  );
}

/** `?alarmedAt=<time>` from a summary notification's click. */
export function alarmedAtParam(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('alarmedAt');
  return raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}
