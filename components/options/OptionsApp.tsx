import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { tokenStatusItem } from '@/lib/storage/items';
import { useStorageItem } from '@/lib/ui/use-storage-item';

export function OptionsApp() {
  const tokenId = useId();
  const helpId = useId();
  const [token, setToken] = useState('');
  const status = useStorageItem(tokenStatusItem);
  const save = useMutation({
    mutationFn: (value: string) => sendRequest<'saveToken'>({ type: 'saveToken', token: value }),
    onSuccess: () => setToken(''),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(token);
  };

  return (
    <main className="mx-auto max-w-3xl p-6 text-sm text-slate-900 dark:text-slate-100">
      <h1 className="mb-6 text-xl font-semibold">{t('optionsTitle')}</h1>
      <section aria-labelledby="token-heading" className="space-y-3">
        <h2 id="token-heading" className="text-base font-medium">
          {t('tokenSectionHeading')}
        </h2>
        <p>{status.data && status.data.state !== 'none' ? t('tokenStored') : t('tokenNone')}</p>
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
          <div className="flex min-w-72 flex-1 flex-col gap-1">
            <label htmlFor={tokenId} className="font-medium">
              {t('tokenLabel')}
            </label>
            <input
              id={tokenId}
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-describedby={helpId}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              className="rounded-md border border-slate-400 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
            />
            <p id={helpId} className="text-xs text-slate-600 dark:text-slate-400">
              {t('tokenHelp')}
            </p>
          </div>
          <button
            type="submit"
            disabled={save.isPending}
            className="rounded-md bg-emerald-700 px-3 py-2 font-medium text-white hover:bg-emerald-800 disabled:opacity-60"
          >
            {t('saveToken')}
          </button>
        </form>
        {save.isError && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && <p role="status">{t('tokenSaved')}</p>}
      </section>
    </main>
  );
}
