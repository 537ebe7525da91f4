import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { humaniseEnum } from '@/lib/format/humanise';
import { formatDateTime } from '@/lib/format/time';
import type { Accounts, EngineState, WabaState } from '@/lib/storage/schemas';
import { storedErrorInfo, toErrorInfo } from '@/lib/ui/error-text';
import { compareNumbers, type ListNumber, toNumberView } from '@/lib/ui/number-list';
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

  const wabas = useMemo(
    () => Object.values(accounts.wabas).sort((a, b) => collator.compare(a.name ?? a.id, b.name ?? b.id)),
    [accounts.wabas],
  );
  const matching = useMemo(() => wabas.filter((w) => wabaMatches(w, query)), [wabas, query]);
  const shown = matching.slice(0, pageSize);

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
          help={t('optionsAccountsShown', [shown.length, matching.length])}
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
        <ul className="mb-4 space-y-3">
          {shown.map((w) => {
            const list = w.phoneIds
              .map((id) => numbers[id])
              .filter((n): n is ListNumber => n !== undefined)
              .map((n) => toNumberView(n, accounts))
              .sort(compareNumbers);
            return (
              <li key={w.id} className="rounded-md border border-slate-300 p-3 dark:border-slate-700" aria-labelledby={`waba-${w.id}`}>
                <h3 id={`waba-${w.id}`} className="font-semibold">
                  {w.name ?? t('popupWabaUnnamed', [w.id])}
                </h3>
                <p className="text-slate-700 dark:text-slate-300">
                  {t('optionsWabaId')}: <span className="font-mono">{w.id}</span>
                  {w.businessName || w.businessId ? (
                    <>
                      {' · '}
                      {t('optionsBusiness')}: {w.businessName ?? ''}{' '}
                      {w.businessId && <span className="font-mono text-xs">({w.businessId})</span>}
                    </>
                  ) : null}
                </p>
                {w.sources.length > 0 && (
                  <p className="text-xs text-slate-700 dark:text-slate-300">
                    {t('optionsFoundVia', [w.sources.map(sourceLabel).join(', ')])}
                  </p>
                )}
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
                  <p className="mt-1 text-slate-700 dark:text-slate-300">
                    {w.lastReadAt ? t('optionsWabaNoNumbers') : t('optionsWabaNotRead')}
                  </p>
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
          })}
        </ul>
      )}
      {matching.length > shown.length && (
        <Button variant="secondary" className="mb-4" onClick={() => setPageSize((n) => n + ACCOUNTS_PAGE)}>
          {t('optionsAccountsMore', [Math.min(ACCOUNTS_PAGE, matching.length - shown.length)])}
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
