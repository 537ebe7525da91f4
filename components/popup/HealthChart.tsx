import { HEALTH_SEVERITY, type Health } from '@/lib/health/classify';
import { healthLabel } from '@/lib/health/reason-text';
import { qualityLabel } from '@/lib/format/labels';
import { t } from '@/lib/i18n';
import type { Change, Transition } from '@/lib/storage/schemas';
import { stepsOver, type Step } from '@/lib/timeline';

export const CHART_DAYS = 30;
const DAY = 24 * 60 * 60_000;
const W = 300;
const BAND = 34;
const GAP = 14;

/** Quality levels, best on top; anything else (NA, unknown) at the bottom. */
const QUALITY_LEVEL: Record<string, number> = { GREEN: 3, YELLOW: 2, RED: 1 };
const qualityLevel = (v: string | undefined) => QUALITY_LEVEL[v ?? ''] ?? 0;
/** Health levels, healthy on top. */
const healthLevel = (v: string | undefined) => 4 - (HEALTH_SEVERITY[v as Health] ?? HEALTH_SEVERITY.unknown);

/** A step line of `steps` in a band whose top is `top`, levels 0..max from bottom to top. */
function path(steps: Step[], level: (v: string | undefined) => number, max: number, top: number, start: number, end: number): string {
  const x = (at: number) => ((at - start) / (end - start)) * W;
  const y = (v: string | undefined) => top + BAND - (level(v) / max) * BAND;
  let d = '';
  steps.forEach((s, i) => {
    const nextAt = steps[i + 1]?.at ?? end;
    d += `${i ? 'L' : 'M'}${x(s.at).toFixed(1)} ${y(s.value).toFixed(1)}H${x(nextAt).toFixed(1)}`;
  });
  return d;
}

/**
 * Quality and health over the last 30 days, as two step lines. An image for screen readers: its
 * accessible name says what it shows in words (the timeline beside it lists every change).
 */
export function HealthChart({
  changes,
  history,
  quality,
  health,
  now,
}: {
  changes: readonly Change[];
  history: readonly Transition[];
  quality: string | undefined;
  health: string;
  now: number;
}) {
  const start = now - CHART_DAYS * DAY;
  const qualitySteps = stepsOver(
    changes.filter((c) => c.field === 'quality_rating'),
    quality,
    start,
    now,
  );
  const healthSteps = stepsOver(history, health, start, now);
  // Moves from one value to another (a first sighting is not one).
  const moves = [...qualitySteps, ...healthSteps].filter((step, i, all) => step.at > start && all[i - 1]?.value !== undefined).length;
  const label = t('popupChartLabel', [CHART_DAYS, qualityLabel(quality), healthLabel(health), moves]);
  const H = 2 * BAND + GAP + 12 + 12;
  const band = (top: number) => (
    <rect
      x="0"
      y={top}
      width={W}
      height={BAND}
      className="fill-slate-100 stroke-slate-300 dark:fill-slate-800 dark:stroke-slate-600"
      strokeWidth="0.5"
    />
  );
  return (
    <figure className="mt-1">
      <svg role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} className="h-auto w-full max-w-md" data-chart="quality-health">
        <title>{label}</title>
        <text x="0" y="9" className="fill-slate-700 text-[9px] dark:fill-slate-300">
          {t('uiFieldQuality')}
        </text>
        {band(12)}
        {band(12 + BAND + GAP)}
        <path
          d={path(qualitySteps, qualityLevel, 3, 12, start, now)}
          className="fill-none stroke-sky-700 dark:stroke-sky-300"
          strokeWidth="2"
        />
        <text x="0" y={12 + BAND + GAP - 3} className="fill-slate-700 text-[9px] dark:fill-slate-300">
          {t('popupChartHealth')}
        </text>
        <path
          d={path(healthSteps, healthLevel, 4, 12 + BAND + GAP, start, now)}
          className="fill-none stroke-slate-800 dark:stroke-slate-100"
          strokeWidth="2"
          strokeDasharray="5 2"
        />
        <text x="0" y={H - 1} className="fill-slate-700 text-[9px] dark:fill-slate-300">
          {t('uiDaysAgo', [CHART_DAYS])}
        </text>
        <text x={W} y={H - 1} textAnchor="end" className="fill-slate-700 text-[9px] dark:fill-slate-300">
          {t('uiNow')}
        </text>
      </svg>
      <figcaption className="text-xs text-slate-700 dark:text-slate-300">{t('popupChartCaption', [CHART_DAYS])}</figcaption>
    </figure>
  );
}
