/** Alarm names and scheduling. Alarms survive worker restarts; nothing here keeps state in memory. */
export const SWEEP_ALARM = 'waba-health:sweep';
export const WAKE_ALARM = 'waba-health:wake';

export interface AlarmsLike {
  get(name: string): Promise<{ name: string; scheduledTime: number; periodInMinutes?: number } | undefined>;
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
}

/** (Re)creates the periodic sweep alarm; the first sweep soon after install/startup. */
export async function ensureSweepAlarm(alarms: AlarmsLike, intervalMinutes: number, opts: { force?: boolean } = {}): Promise<void> {
  const existing = await alarms.get(SWEEP_ALARM);
  if (existing && existing.periodInMinutes === intervalMinutes && !opts.force) return;
  await alarms.create(SWEEP_ALARM, { delayInMinutes: existing && !opts.force ? intervalMinutes : 0.1, periodInMinutes: intervalMinutes });
}

/**
 * The one-shot wake-up: armed exactly at the next due moment (replacing an earlier one, which would wake
 * for nothing), or cleared when nothing is due. Never in the past.
 */
export async function scheduleWake(alarms: AlarmsLike, when: number | undefined, now: number): Promise<void> {
  if (when === undefined) {
    await alarms.clear(WAKE_ALARM);
    return;
  }
  const at = Math.max(when, now + 500);
  const existing = await alarms.get(WAKE_ALARM);
  if (existing && existing.scheduledTime === at) return;
  await alarms.create(WAKE_ALARM, { when: at });
}
