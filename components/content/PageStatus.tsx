import { t } from '@/lib/i18n';

/** Placeholder surface inside the shadow root; replaced by the badges/banner UI (issue 5). */
export function PageStatus({ connected }: { connected: boolean }) {
  return (
    <p className="sr-only" role="status">
      {connected ? t('contentBannerReady') : ''}
    </p>
  );
}
