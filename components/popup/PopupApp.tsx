import { useQuery } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';

export function PopupApp() {
  const state = useQuery({ queryKey: ['state'], queryFn: () => sendRequest<'getState'>({ type: 'getState' }) });

  return (
    <main className="w-[380px] min-h-[200px] bg-white p-4 text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      <h1 className="mb-3 text-base font-semibold">{t('popupTitle')}</h1>
      {state.isPending && <p role="status">…</p>}
      {state.isError && <p role="alert">{t('errorUnexpected', [state.error.message])}</p>}
      {state.data && !state.data.hasToken && (
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
      )}
      {state.data?.hasToken && <p>{t('noNumbersYet')}</p>}
    </main>
  );
}
