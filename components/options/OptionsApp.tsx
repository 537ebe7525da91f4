import { t } from '@/lib/i18n';
import {
  accountsItem,
  engineItem,
  numberSummariesItem,
  pinsItem,
  registrationsItem,
  settingsItem,
  tokenStatusItem,
} from '@/lib/storage/items';
import type { NumberRegistration, PinEntry } from '@/lib/storage/schemas';
import { useNow } from '@/lib/ui/use-now';
import { useStorageItem, useStorageItemWhenIdle } from '@/lib/ui/use-storage-item';
import { engineBusy } from '@/components/ui/EngineProgress';
import { AccountsSection } from './AccountsSection';
import { ExportSection } from './ExportSection';
import { ForgetSection } from './ForgetSection';
import { MigrationBanner } from './MigrationBanner';
import { PinsSection } from './PinsSection';
import { SettingsSection } from './SettingsSection';
import { TokenSection } from './TokenSection';

const NONE: Record<string, never> = {};

/**
 * What the options page reads from storage (prefetched before React mounts). Accounts and numbers (as
 * their lean summaries; the export reads them in full when asked) are read too, and followed while no
 * sweep or discovery runs (useStorageItemWhenIdle).
 */
export const OPTIONS_ITEMS = [tokenStatusItem, settingsItem, registrationsItem, pinsItem, engineItem];

/**
 * Options page: token, accounts, settings, PINs, export, forget all data (and a banner when the stored data
 * could not be migrated). Reads storage; every change goes to the background.
 */
export function OptionsApp({ saveFile }: { saveFile?: (filename: string, text: string, mime: string) => void } = {}) {
  const token = useStorageItem(tokenStatusItem);
  const settings = useStorageItem(settingsItem);
  const engine = useStorageItem(engineItem);
  const now = useNow();
  const busy = engineBusy(engine.data, now);
  const accounts = useStorageItemWhenIdle(accountsItem, busy);
  const numbers = useStorageItemWhenIdle(numberSummariesItem, busy);
  const registrations = useStorageItem(registrationsItem);
  const pins = useStorageItem(pinsItem);

  // The token and settings first; the accounts, PINs and export follow as their (larger) reads arrive.
  const ready = token.data && settings.data;
  const listed = accounts.data && numbers.data;
  return (
    <main className="mx-auto max-w-3xl space-y-5 p-6 text-sm text-slate-900 dark:text-slate-100" aria-busy={ready ? undefined : true}>
      <h1 className="text-xl font-semibold">{t('optionsTitle')}</h1>
      <MigrationBanner />
      {!ready ? (
        <p className="text-slate-700 dark:text-slate-300">{t('uiLoading')}</p>
      ) : (
        <>
          <TokenSection status={token.data!} now={now} />
          {accounts.data ? (
            <AccountsSection
              accounts={accounts.data}
              numbers={numbers.data ?? NONE}
              hasToken={token.data!.state !== 'none'}
              engine={engine.data}
              now={now}
            />
          ) : (
            <p className="text-slate-700 dark:text-slate-300">{t('uiLoading')}</p>
          )}
          <SettingsSection settings={settings.data!} now={now} />
          {listed && (
            <>
              <PinsSection
                numbers={numbers.data!}
                accounts={accounts.data!}
                pins={(pins.data ?? NONE) as Record<string, PinEntry>}
                registrations={(registrations.data ?? NONE) as Record<string, NumberRegistration>}
              />
              <ExportSection
                count={Object.keys(numbers.data!).length}
                accounts={accounts.data!}
                registrations={(registrations.data ?? NONE) as Record<string, NumberRegistration>}
                save={saveFile}
              />
            </>
          )}
          <ForgetSection />
        </>
      )}
    </main>
  );
}
