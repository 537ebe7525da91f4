import { t } from '@/lib/i18n';
import type { EngineState } from '@/lib/storage/schemas';

/**
 * What the engine is reading right now, with a progress bar: the business portfolios of a discovery, then
 * the accounts of a sweep (both renewed as they go, so a worker that died stops showing). Null when idle.
 */
/** A sweep or discovery is running now (its lease or progress not expired: a worker that died stops counting). */
export function engineBusy(engine: EngineState | undefined, now: number): boolean {
  return Boolean(
    engine && ((engine.sweep.running && engine.sweep.running.until > now) || (engine.discovery && engine.discovery.until > now)),
  );
}

export function engineProgress(engine: EngineState, now: number, checking: boolean) {
  const discovery = engine.discovery && engine.discovery.until > now ? engine.discovery : undefined;
  const running = engine.sweep.running !== undefined && engine.sweep.running.until > now;
  if (discovery)
    return {
      label: t('progressDiscovery', [discovery.done, discovery.total]),
      done: discovery.done,
      total: discovery.total,
      name: t('progressDiscoveryName'),
    };
  if (!checking && !running) return null;
  const p = engine.sweep.progress;
  const known = p !== undefined && p.total > 0;
  return {
    label: known ? t('popupChecking', [p.done, p.total]) : t('popupCheckingStart'),
    done: p?.done,
    total: known ? p.total : undefined,
    name: t('popupCheckProgress'),
  };
}

export function EngineProgress({ engine, now, checking = false }: { engine: EngineState; now: number; checking?: boolean }) {
  const p = engineProgress(engine, now, checking);
  if (!p) return null;
  return (
    <span className="flex items-center gap-2">
      <span>{p.label}</span>
      <progress
        className="h-2 w-24 accent-emerald-700"
        aria-label={p.name}
        {...(p.total !== undefined ? { value: p.done, max: p.total } : {})}
      />
    </span>
  );
}
