import { formatDay } from '@/lib/format/time';
import type { GraphVersionRadar } from '@/lib/graph/versions';
import { t } from '@/lib/i18n';
import { Button } from '@/components/ui/Button';

/** Until when the saved Graph API version is supported ("v24.0 is supported until 18 Feb 2028."). */
export function GraphVersionExpiry({ version, radar }: { version: string; radar: GraphVersionRadar }) {
  const { state, expiresAt } = radar;
  const text =
    state === 'unlisted'
      ? t('optionsGraphVersionUnlisted', [version])
      : expiresAt === undefined
        ? t(state === 'expired' ? 'optionsGraphVersionEndedLongAgo' : 'optionsGraphVersionNoEnd', [version])
        : t(state === 'expired' ? 'optionsGraphVersionEnded' : 'optionsGraphVersionUntil', [version, formatDay(expiresAt)]);
  return <p className="mt-2 text-xs text-slate-700 dark:text-slate-300">{text}</p>;
}

/**
 * A warning when the saved version expires within 90 days (a status) or has expired (an alert), with a
 * button that saves the newest version. Nothing otherwise.
 */
export function GraphVersionWarning({
  version,
  radar,
  onUse,
  pending,
}: {
  version: string;
  radar: GraphVersionRadar;
  onUse: (version: string) => void;
  pending: boolean;
}) {
  if (radar.state !== 'expiring' && radar.state !== 'expired') return null;
  const expired = radar.state === 'expired';
  const offer = radar.newest !== version;
  return (
    <div
      role={expired ? 'alert' : 'status'}
      className={`flex flex-wrap items-center gap-2 rounded-md border p-2 ${
        expired
          ? 'border-red-700 bg-red-50 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-100'
          : 'border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100'
      }`}
    >
      <p className="min-w-0 flex-1">
        <span aria-hidden="true" className="mr-1 font-bold">
          {expired ? '✕' : '!'}
        </span>
        {expired || radar.expiresAt === undefined
          ? t('optionsGraphVersionExpired', [version])
          : t('optionsGraphVersionExpiring', [version, formatDay(radar.expiresAt)])}
      </p>
      {offer && (
        <Button disabled={pending} onClick={() => onUse(radar.newest)}>
          {t('optionsGraphVersionUseNewest', [radar.newest])}
        </Button>
      )}
    </div>
  );
}
