import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { DEFAULT_GRAPH_API_VERSION, isValidGraphVersion, MIN_GRAPH_API_VERSION } from '@/lib/graph/config';
import { graphVersionRadar } from '@/lib/graph/versions';
import { t, type MessageKey } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import type { SettingsPatch } from '@/lib/messages/protocol';
import { settingsItem } from '@/lib/storage/items';
import type { Settings } from '@/lib/storage/schemas';
import { storageQueryKey } from '@/lib/ui/use-storage-item';
import { toErrorInfo } from '@/lib/ui/error-text';
import { Field } from '@/components/ui/Field';
import { Button, inputClass } from '@/components/ui/Button';
import { ErrorText } from '@/components/ui/ErrorText';
import { GraphVersionExpiry, GraphVersionWarning } from './GraphVersionRadar';
import { Section } from './Section';

export const INTERVAL_CHOICES = [5, 10, 15, 30, 60] as const;
const NOTIFY: Array<{ key: keyof Settings['notify']; label: MessageKey }> = [
  { key: 'stuck', label: 'optionsNotifyStuck' },
  { key: 'blocked', label: 'optionsNotifyBlocked' },
  { key: 'registered', label: 'optionsNotifyRegistered' },
  { key: 'token', label: 'optionsNotifyToken' },
];

const checkboxClass = 'mt-0.5 size-4 accent-emerald-700 focus-visible:outline-2 focus-visible:outline-sky-600';

function Check({
  checked,
  onChange,
  children,
  help,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
  help?: string;
}) {
  const id = useId();
  const helpId = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className={checkboxClass}
        aria-describedby={help ? helpId : undefined}
      />
      <div>
        <label htmlFor={id} className="font-medium">
          {children}
        </label>
        {help && (
          <p id={helpId} className="text-xs text-slate-700 dark:text-slate-300">
            {help}
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * Settings are written by the background: each change is sent as a patch; the view follows storage. `now`
 * (the page's clock) dates the saved Graph API version against Meta's published expiry dates.
 */
export function SettingsSection({ settings, now }: { settings: Settings; now: number }) {
  const intervalId = useId();
  const [version, setVersion] = useState<string | null>(null);
  const [versionProblem, setVersionProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (patch: SettingsPatch) => sendRequest<'updateSettings'>({ type: 'updateSettings', patch }),
    // Stay pending until the stored settings are re-read, so the control never flips back for a moment.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storageQueryKey(settingsItem) }),
  });

  // While a patch is on its way, show it (storage catches up a moment later).
  const pendingPatch = update.isPending ? update.variables : undefined;
  const view: Settings = { ...settings, ...pendingPatch, notify: { ...settings.notify, ...pendingPatch?.notify } } as Settings;
  const intervals = [...new Set([...INTERVAL_CHOICES, view.intervalMinutes])].sort((a, b) => a - b);

  const saveVersion = (event: FormEvent) => {
    event.preventDefault();
    const v = (version ?? settings.graphVersion).trim();
    // The Graph client's rule: a version it would refuse is refused here (and by the background).
    if (!isValidGraphVersion(v)) {
      setVersionProblem(t('optionsGraphVersionInvalid', [DEFAULT_GRAPH_API_VERSION, MIN_GRAPH_API_VERSION]));
      return;
    }
    saveGraphVersion(v);
  };
  const saveGraphVersion = (v: string) => {
    setVersionProblem(null);
    update.mutate({ graphVersion: v }, { onSuccess: () => setVersion(null) });
  };
  // The saved version (not what is being typed) is the one calls use.
  const radar = graphVersionRadar(settings.graphVersion, now);

  return (
    <Section id="settings" title={t('optionsSettingsHeading')}>
      <div className="space-y-4">
        <Check checked={view.autoRetry} onChange={(v) => update.mutate({ autoRetry: v })} help={t('optionsAutoRetryHelp')}>
          {t('optionsAutoRetry')}
        </Check>

        <div className="flex flex-col gap-1">
          <label htmlFor={intervalId} className="font-medium">
            {t('optionsInterval')}
          </label>
          <select
            id={intervalId}
            value={view.intervalMinutes}
            onChange={(e) => update.mutate({ intervalMinutes: Number(e.target.value) })}
            className={`${inputClass} w-48`}
          >
            {intervals.map((m) => (
              <option key={m} value={m}>
                {t('optionsIntervalMinutes', [m])}
              </option>
            ))}
          </select>
        </div>

        <fieldset className="space-y-2">
          <legend className="mb-1 font-medium">{t('optionsNotifyLegend')}</legend>
          {NOTIFY.map(({ key, label }) => (
            <Check key={key} checked={view.notify[key]} onChange={(v) => update.mutate({ notify: { [key]: v } })}>
              {t(label)}
            </Check>
          ))}
        </fieldset>

        <GraphVersionWarning version={settings.graphVersion} radar={radar} onUse={saveGraphVersion} pending={update.isPending} />

        <details className="rounded-md border border-slate-300 p-3 dark:border-slate-700">
          <summary className="cursor-pointer font-medium">{t('optionsAdvanced')}</summary>
          <form onSubmit={saveVersion} noValidate className="mt-3 flex flex-wrap items-start gap-2">
            <Field
              label={t('optionsGraphVersion')}
              help={t('optionsGraphVersionHelp', [DEFAULT_GRAPH_API_VERSION, MIN_GRAPH_API_VERSION])}
              problem={versionProblem}
              type="text"
              value={version ?? settings.graphVersion}
              onChange={(e) => setVersion(e.target.value)}
              className="w-32 font-mono"
              spellCheck={false}
            />
            <Button type="submit" variant="secondary" className="mt-6">
              {t('optionsGraphVersionSave')}
            </Button>
          </form>
          <GraphVersionExpiry version={settings.graphVersion} radar={radar} />
        </details>

        {update.isError && <ErrorText error={toErrorInfo(update.error)} lead={t('optionsSettingsFailed')} />}
      </div>
    </Section>
  );
}
