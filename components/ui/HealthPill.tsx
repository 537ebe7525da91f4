import type { Health } from '@/lib/health/classify';
import { healthLabel } from '@/lib/health/reason-text';

/** Colour is decoration: every state has its own glyph and its label in words. */
const STYLE: Record<Health, { glyph: string; pill: string; border: string }> = {
  healthy: {
    glyph: '✓',
    pill: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
    border: 'border-l-emerald-600 dark:border-l-emerald-500',
  },
  attention: {
    glyph: '!',
    pill: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
    border: 'border-l-amber-500 dark:border-l-amber-400',
  },
  stuck: {
    glyph: '‖',
    pill: 'bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200',
    border: 'border-l-orange-600 dark:border-l-orange-400',
  },
  blocked: {
    glyph: '✕',
    pill: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
    border: 'border-l-red-700 dark:border-l-red-400',
  },
  unknown: {
    glyph: '?',
    pill: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
    border: 'border-l-slate-400 dark:border-l-slate-500',
  },
};

export const healthStyle = (health: string) => STYLE[health as Health] ?? STYLE.unknown;

export function HealthPill({ health }: { health: string }) {
  const s = healthStyle(health);
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ${s.pill}`}>
      <span aria-hidden="true">{s.glyph}</span>
      <span>{healthLabel(health)}</span>
    </span>
  );
}
