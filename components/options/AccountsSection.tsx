import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { humaniseEnum } from '@/lib/format/humanise';
import { formatDateTime } from '@/lib/format/time';
import type { Accounts, EngineState, WabaState } from '@/lib/storage/schemas';
import { storedErrorInfo, toErrorInfo } from '@/lib/ui/error-text';
import { compareNumbers, healthOfSeverity, type ListNumber, toNumberView } from '@/lib/ui/number-list';
import { appProblems, firstWabas, groupAccounts } from '@/lib/ui/accounts-view';
import { messagingLimitLabel } from '@/lib/format/labels';
import { AppProblems, EntityProblems } from '@/components/ui/EntityProblems';
import { whatsappManagerUrl } from '@/lib/whatsapp-manager-url';
import { Button } from '@/components/ui/Button';
import { ErrorText } from '@/components/ui/ErrorText';
import { Field, FieldForm, useCodeField } from '@/components/ui/Field';
import { EngineProgress } from '@/components/ui/EngineProgress';
import { HealthPill } from '@/components/ui/HealthPill';
import { Section } from './Section';

const SOURCE_KEYS: Record<string, MessageKey> = {
  token: 'optionsSourceToken',
  owned: 'optionsSourceOwned',
  client: 'optionsSourceClient',
  manual: 'optionsSourceManual',
};
const sourceLabel = (s: string) => (SOURCE_KEYS[s] ? t(SOURCE_KEYS[s]) : humaniseEnum(s));

/** Accounts rendered at once; a filter or "Show more" reaches the others (2,000 for a large partner). */
export const ACCOUNTS_PAGE = 50;
const collator = new Intl.Collator(undefined, { numeric: true });

/** The filter matches an account's name, id, business name or business id (case-insensitive). */
export function wabaMatches(w: WabaState, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [w.name, w.id, w.businessName, w.businessId].some((v) => v?.toLowerCase().includes(q));
}

/** Discovered WhatsApp Business Accounts with their business and numbers; manual ids can be added. */
export function AccountsSection({
  accounts,
  numbers,
  hasToken,
  engine,
  now = Date.now(),
}: {
  accounts: Accounts;
  numbers: Record<string, ListNumber>;
  hasToken: boolean;
  /** For the discovery and sweep progress (accounts read of total). */
  engine?: EngineState;
  now?: number;
}) {
  const wabaId = useCodeField();
  const [query, setQuery] = useState('');
  const [pageSize, setPageSize] = useState(ACCOUNTS_PAGE);
  const add = useMutation({
    mutationFn: (id: string) => sendRequest<'addWaba'>({ type: 'addWaba', wabaId: id }),
    onSuccess: () => wabaId.setValue(''),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const id = wabaId.value.trim();
    if (!/^\d{1,25}$/.test(id)) {
      wabaId.setProblem(t('optionsWabaIdInvalid'));
      add.reset();
      return;
    }
    if (!hasToken) {
      wabaId.setProblem(t('optionsAddNeedsToken'));
      add.reset();
      return;
    }
    wabaId.setProblem(null);
    add.mutate(id);
  };

  // By name here; groupAccounts then puts the worst portfolio and WABA first (a stable sort keeps names in order).
  const wabas = useMemo(
    () => Object.values(accounts.wabas).sort((a, b) => collator.compare(a.name ?? a.id, b.name ?? b.id)),
    [accounts.wabas],
  );
  const matching = useMemo(() => wabas.filter((w) => wabaMatches(w, query)), [wabas, query]);
  const groups = useMemo(() => groupAccounts(matching, numbers), [matching, numbers]);
  const app = useMemo(() => appProblems(wabas), [wabas]);
  const shown = Math.min(pageSize, matching.length);

  return (
    <Section id="accounts" title={t('optionsAccountsHeading')} description={t('optionsAccountsBody')}>
      <div role="status" aria-live="polite" className="mb-2 text-xs text-slate-700 dark:text-slate-300">
        {engine && <EngineProgress engine={engine} now={now} />}
      </div>
      {accounts.discoveredAt !== undefined && (
        <p className="mb-2 text-xs text-slate-700 dark:text-slate-300">
          {t('optionsDiscoveredAt', [formatDateTime(accounts.discoveredAt)])}
        </p>
      )}
      {wabas.length > ACCOUNTS_PAGE / 5 && (
        <Field
          wrapperClassName="mb-3"
          className="max-w-sm"
          label={t('optionsAccountsFilter')}
          help={t('optionsAccountsShown', [shown, matching.length])}
          helpLive
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPageSize(ACCOUNTS_PAGE);
          }}
          autoComplete="off"
        />
      )}
      {wabas.length === 0 ? (
        <p className="mb-3">{hasToken ? t('optionsNoAccounts') : t('optionsNoAccountsNoToken')}</p>
      ) : (
        <>
          <AppProblems problems={app} level={3} className="mb-3 p-3" headingClassName="font-semibold" />
          <ul className="mb-4 space-y-4">
            {firstWabas(groups, pageSize).map((g) => (
              <li
                key={g.key}
                data-business-id={g.businessId}
                data-health={healthOfSeverity(g.worst)}
                aria-labelledby={`portfolio-${g.key}`}
              >
                <h3 id={`portfolio-${g.key}`} className="font-semibold">
                  {g.name ?? (g.businessId ? t('popupPortfolioUnnamed', [g.businessId]) : t('popupPortfolioUnknown'))}
                  {g.businessId && ' '}
                  {g.businessId && <span className="ml-1 font-mono text-xs font-normal">{g.businessId}</span>}
                </h3>
                {g.limit && (
                  <p className="text-xs text-slate-700 dark:text-slate-300" data-messaging-limit={g.limit}>
                    {t('popupPortfolioLimit', [messagingLimitLabel(g.limit)])}
                  </p>
                )}
                <EntityProblems problems={g.problems} />
                <ul className="mt-2 space-y-3">
                  {g.wabas.map(({ waba, worst }) => (
                    <WabaItem key={waba.id} waba={waba} worst={worst} accounts={accounts} numbers={numbers} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {matching.length > shown && (
        <Button variant="secondary" className="mb-4" onClick={() => setPageSize((n) => n + ACCOUNTS_PAGE)}>
          {t('optionsAccountsMore', [Math.min(ACCOUNTS_PAGE, matching.length - shown)])}
        </Button>
      )}
      {accounts.discoveryErrors.length > 0 && (
        <div className="mb-4 space-y-2">
          <h3 className="font-semibold">{t('optionsDiscoveryProblems')}</h3>
          {accounts.discoveryErrors.map((e, i) => (
            <ErrorText key={i} error={storedErrorInfo(e)} lead={e.source ? `${e.source}:` : undefined} live={false} />
          ))}
        </div>
      )}

      <FieldForm onSubmit={onSubmit} submitLabel={t('optionsAddAccount')} pending={add.isPending}>
        <Field
          wrapperClassName="min-w-64 flex-1"
          label={t('optionsWabaIdLabel')}
          help={t('optionsWabaIdHelp')}
          type="text"
          inputMode="numeric"
          {...wabaId.field}
        />
      </FieldForm>
      {add.isPending && <p className="mt-2">{t('optionsAddingAccount')}</p>}
      {add.isSuccess && (
        <p role="status" className="mt-2">
          <span aria-hidden="true">✓ </span>
          {t('optionsAccountAdded')}
        </p>
      )}
      {add.isError && (
        <div className="mt-2">
          <ErrorText error={toErrorInfo(add.error)} lead={t('optionsAddAccountFailed')} />
        </div>
      )}
    </Section>
  );
}

/** One WhatsApp Business Account: its ids, how it was found, who receives its webhooks, its problems and numbers. */
function WabaItem({
  waba: w,
  worst,
  accounts,
  numbers,
}: {
  waba: WabaState;
  worst: number;
  accounts: Accounts;
  numbers: Record<string, ListNumber>;
}) {
  const list = w.phoneIds
    .map((id) => numbers[id])
    .filter((n): n is ListNumber => n !== undefined)
    .map((n) => toNumberView(n, accounts))
    .sort(compareNumbers);
  const webhooks = w.webhooks?.state;
  return (
    <li
      className="rounded-md border border-slate-300 p-3 dark:border-slate-700"
      aria-labelledby={`waba-${w.id}`}
      data-waba-id={w.id}
      data-health={healthOfSeverity(worst)}
      data-webhooks={webhooks}
    >
      <h4 id={`waba-${w.id}`} className="font-semibold">
        {w.name ?? t('popupWabaUnnamed', [w.id])}
      </h4>
      <p className="text-slate-700 dark:text-slate-300">
        {t('optionsWabaId')}: <span className="font-mono">{w.id}</span>
      </p>
      {w.sources.length > 0 && (
        <p className="text-xs text-slate-700 dark:text-slate-300">{t('optionsFoundVia', [w.sources.map(sourceLabel).join(', ')])}</p>
      )}
      {webhooks && (
        <p
          className={`text-xs ${webhooks === 'none' ? 'font-medium text-amber-800 dark:text-amber-300' : 'text-slate-700 dark:text-slate-300'}`}
        >
          {webhooks === 'none' && <span aria-hidden="true">⚠ </span>}
          {t('uiFieldWebhooks')}:{' '}
          {webhooks === 'ok'
            ? w.webhooks!.apps.map((a) => a.name ?? a.id).join(', ')
            : webhooks === 'none'
              ? t('popupWebhooksNone')
              : t('uiWebhooksUnknown')}
        </p>
      )}
      <EntityProblems problems={(w.entities ?? []).filter((p) => p.type === 'WABA')} />
      {w.lastError && <ErrorText error={storedErrorInfo(w.lastError)} lead={t('optionsWabaReadFailed')} live={false} />}
      {list.length > 0 ? (
        <details className="mt-2" open={list.length <= 10}>
          <summary className="cursor-pointer">{t('popupWabaNumbers', [list.length])}</summary>
          <ul className="mt-1 space-y-1">
            {list.map((n) => (
              <li key={n.id} className="flex flex-wrap items-center gap-2">
                <HealthPill health={n.health} />
                <span className="font-medium">{n.display}</span>
                {n.verifiedName && <span className="text-slate-700 dark:text-slate-300">{n.verifiedName}</span>}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="mt-1 text-slate-700 dark:text-slate-300">{w.lastReadAt ? t('optionsWabaNoNumbers') : t('optionsWabaNotRead')}</p>
      )}
      <p className="mt-1">
        <a
          href={whatsappManagerUrl({ businessId: w.businessId, wabaId: w.id })}
          target="_blank"
          rel="noreferrer"
          className="text-sky-800 underline underline-offset-2 dark:text-sky-300"
        >
          {t('popupOpenManager')}
        </a>
      </p>
    </li>
  );
}
