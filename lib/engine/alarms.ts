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

/** A one-shot wake-up at `when`, unless one is already due earlier. */
export async function scheduleWake(alarms: AlarmsLike, when: number, now: number): Promise<void> {
  const existing = await alarms.get(WAKE_ALARM);
  if (existing && existing.scheduledTime > now && existing.scheduledTime <= when) return;
  await alarms.create(WAKE_ALARM, { when: Math.max(when, now + 500) });
}
