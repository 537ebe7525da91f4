import { useMutation } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { numbersItem, tokenStatusItem } from '@/lib/storage/items';
import { useStorageItem } from '@/lib/ui/use-storage-item';

export function PopupApp() {
  const token = useStorageItem(tokenStatusItem);
  const numbers = useStorageItem(numbersItem);
  const checkNow = useMutation({ mutationFn: () => sendRequest<'checkNow'>({ type: 'checkNow' }) });

  if (token.isPending || numbers.isPending) {
    return <main className="w-[380px] p-4" aria-busy="true" />;
  }
  const hasToken = token.data?.state !== 'none';
  const list = Object.values(numbers.data ?? {});

  return (
    <main className="w-[380px] min-h-[200px] bg-white p-4 text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      <h1 className="mb-3 text-base font-semibold">{t('popupTitle')}</h1>
      {!hasToken ? (
        <section aria-labelledby="onboarding-heading" className="space-y-3">
          <h2 id="onboarding-heading" className="font-medium">
            {t('onboardingHeading')}
          </h2>
          <p className="text-slate-600 dark:text-slate-300">{t('onboardingBody')}</p>
          <button
            type="button"
            className="rounded-md bg-emerald-700 px-3 py-2 font-medium text-white hover:bg-emerald-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-700"
            onClick={() => void browser.runtime.openOptionsPage()}
          >
            {t('openSettings')}
          </button>
        </section>
      ) : (
        <section className="space-y-2">
          <div className="flex items-center justify-between">
            <p>{list.length ? t('numbersTracked', [list.length]) : t('noNumbersYet')}</p>
            <button
              type="button"
              className="rounded-md border border-slate-400 px-2 py-1 dark:border-slate-600"
              disabled={checkNow.isPending}
              onClick={() => checkNow.mutate()}
            >
              {t('checkNow')}
            </button>
          </div>
          <ul className="space-y-1">
            {list.map((n) => (
              <li key={n.id} data-phone-number-id={n.id} data-health={n.health} className="rounded border border-slate-200 p-2 dark:border-slate-700">
                <span className="font-medium">{String(n.snapshot?.display_phone_number ?? n.id)}</span> — {n.health}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
