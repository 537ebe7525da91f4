import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import type { ErrorInfo } from '@/lib/messages/protocol';
import { REQUIRED_SCOPES } from '@/lib/engine/token-status';
import { tokenTypeLabel } from '@/lib/format/labels';
import { formatDateTime, timeUntil } from '@/lib/format/time';
import type { TokenStatus } from '@/lib/storage/schemas';
import { checkTokenFormat } from '@/lib/token-format';
import { scopeBlocksText, storedErrorInfo, toErrorInfo, tokenProblemText } from '@/lib/ui/error-text';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { ErrorText } from '@/components/ui/ErrorText';
import { Field, FieldForm, useCodeField } from '@/components/ui/Field';
import { Section, Term } from './Section';

const STATE_KEYS = {
  valid: 'optionsTokenStateValid',
  invalid: 'optionsTokenStateInvalid',
  unchecked: 'optionsTokenStateUnchecked',
  none: 'tokenNone',
} as const;
const STATE_GLYPH = { valid: '✓', invalid: '✕', unchecked: '?', none: '' } as const;

/** The access token: paste and save (checked locally first), what Meta says about it, remove it. */
export function TokenSection({ status, now }: { status: TokenStatus; now: number }) {
  const token = useCodeField();
  const [note, setNote] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const save = useMutation({
    mutationFn: (value: string) => sendRequest<'saveToken'>({ type: 'saveToken', token: value }),
    onMutate: () => {
      setError(null);
      setNote(t('optionsTokenChecking'));
    },
    onSuccess: () => {
      token.setValue('');
      setNote(t('tokenSaved'));
    },
    onError: (e) => {
      setNote('');
      setError(toErrorInfo(e));
    },
  });
  const remove = useMutation({
    mutationFn: () => sendRequest<'removeToken'>({ type: 'removeToken' }),
    onMutate: () => setError(null),
    onSuccess: () => setNote(t('optionsTokenRemoved')),
    onError: (e) => setError(toErrorInfo(e)),
    onSettled: () => setConfirmRemove(false),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkTokenFormat(token.value);
    if (!checked.ok) {
      // Refused here, before any call: nothing malformed leaves the page.
      token.setProblem(tokenProblemText(checked.problem));
      setNote('');
      return;
    }
    token.setProblem(null);
    save.mutate(checked.token);
  };

  const hasToken = status.state !== 'none';
  const missingRequired = status.missingScopes.filter((s) => (REQUIRED_SCOPES as readonly string[]).includes(s));

  return (
    <Section id="token" title={t('optionsTokenHeading')}>
      {hasToken ? (
        <div className="space-y-3">
          <dl className="grid grid-cols-[11rem_1fr] gap-x-3 gap-y-1">
            <Term label={t('optionsTokenState')}>
              <span aria-hidden="true" className="mr-1 font-bold">
                {STATE_GLYPH[status.state]}
              </span>
              {t(STATE_KEYS[status.state])}
            </Term>
            {status.type && <Term label={t('optionsTokenType')}>{tokenTypeLabel(status.type)}</Term>}
            {status.application && <Term label={t('optionsTokenApp')}>{status.application}</Term>}
            <Term label={t('optionsTokenExpires')}>
              {status.expiresAt === null
                ? t('optionsTokenNeverExpires')
                : typeof status.expiresAt === 'number'
                  ? status.expiresAt <= now
                    ? t('optionsTokenExpiredOn', [formatDateTime(status.expiresAt)])
                    : t('optionsTokenExpiresOn', [formatDateTime(status.expiresAt), timeUntil(status.expiresAt, now)])
                  : t('uiValueNone')}
            </Term>
            <Term label={t('optionsTokenScopes')}>
              {status.scopes.length ? (
                <ul className="flex flex-wrap gap-1">
                  {status.scopes.map((s) => (
                    <li key={s} className="rounded bg-slate-100 px-1.5 font-mono text-xs dark:bg-slate-800">
                      {s}
                    </li>
                  ))}
                </ul>
              ) : (
                t('uiValueNone')
              )}
            </Term>
            {status.checkedAt !== undefined && <Term label={t('optionsTokenCheckedAt')}>{formatDateTime(status.checkedAt)}</Term>}
          </dl>
          {status.missingScopes.length > 0 && (
            <div
              className={`rounded-md border p-3 ${missingRequired.length ? 'border-red-700 dark:border-red-400' : 'border-amber-600 dark:border-amber-400'}`}
            >
              <h3 className="mb-1 font-semibold">
                <span aria-hidden="true">⚠ </span>
                {t('optionsMissingScopes')}
              </h3>
              <ul className="space-y-1">
                {status.missingScopes.map((s) => (
                  <li key={s}>
                    <code className="font-mono text-xs">{s}</code>
                    {(REQUIRED_SCOPES as readonly string[]).includes(s)
                      ? ` (${t('optionsScopeRequired')})`
                      : ` (${t('optionsScopeHelpful')})`}
                    : {scopeBlocksText(s)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {status.state === 'invalid' && status.error && (
            <ErrorText error={{ ...storedErrorInfo(status.error), nextStep: 'auth' }} lead={t('popupTokenInvalid')} live={false} />
          )}
          <Button variant="danger" disabled={remove.isPending} onClick={() => setConfirmRemove(true)} aria-haspopup="dialog">
            {t('optionsRemoveToken')}
          </Button>
          {confirmRemove && (
            <ConfirmDialog
              title={t('optionsRemoveTokenTitle')}
              confirmLabel={t('optionsRemoveTokenConfirm')}
              onConfirm={() => remove.mutate()}
              onCancel={() => setConfirmRemove(false)}
              pending={remove.isPending}
            >
              <p>{t('optionsRemoveTokenRemoved')}</p>
              <p className="mt-2">{t('optionsRemoveTokenKept')}</p>
            </ConfirmDialog>
          )}
        </div>
      ) : (
        <p>{t('tokenNone')}</p>
      )}

      <FieldForm onSubmit={onSubmit} submitLabel={t('saveToken')} pending={save.isPending} className="mt-4">
        <Field
          wrapperClassName="min-w-72 flex-1"
          label={t('tokenLabel')}
          help={hasToken ? t('optionsTokenReplaceHelp') : t('tokenHelp')}
          type="password"
          {...token.field}
        />
      </FieldForm>
      <p role="status" className="mt-2 min-h-5 text-slate-800 dark:text-slate-200">
        {note}
      </p>
      {error && <ErrorText error={error} lead={t('optionsTokenRefused')} />}
    </Section>
  );
}
