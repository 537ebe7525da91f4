import type { Health } from '../health/classify';
import { HEALTH_SEVERITY } from '../health/classify';
import type { NumberState, Settings } from '../storage/schemas';

/**
 * Notification ids carry what they are about, so a click can be routed without stored state:
 *   waba-health:state:<health>:<phoneId>      a number entered stuck/blocked
 *   waba-health:registered:<phoneId>:<time>   a registration succeeded
 *   waba-health:token:<invalid|expiring>      the token needs attention
 *   waba-health:summary:<time>                more than SUMMARY_AFTER numbers entered stuck/blocked in one
 *                                             read at <time> (their `alarmedAt`): one notification for all
 *   waba-health:webhooks:<wabaId>             a WABA lost its last app subscribed to its webhooks
 *   waba-health:entity:<TYPE>:<id>:<wabaId>   an entity above the numbers (BUSINESS, WABA, APP) is limited
 *                                             or blocked; <wabaId> is a WABA that reported it
 */
export const NOTIFICATION_PREFIX = 'waba-health';

export type NotificationTarget =
  | { kind: 'state'; health: Health; phoneId: string }
  | { kind: 'registered'; phoneId: string }
  | { kind: 'token'; reason: 'invalid' | 'expiring' }
  | { kind: 'summary'; at: number }
  | { kind: 'webhooks'; wabaId: string }
  | { kind: 'entity'; entity: string; id: string; wabaId: string };

/** Past this many numbers entering stuck or blocked in one read, one summary replaces the individual notifications. */
export const SUMMARY_AFTER = 5;

export function notificationId(target: NotificationTarget, now = 0): string {
  switch (target.kind) {
    case 'state':
      return `${NOTIFICATION_PREFIX}:state:${target.health}:${target.phoneId}`;
    case 'registered':
      return `${NOTIFICATION_PREFIX}:registered:${target.phoneId}:${now}`;
    case 'token':
      return `${NOTIFICATION_PREFIX}:token:${target.reason}`;
    case 'summary':
      return `${NOTIFICATION_PREFIX}:summary:${target.at}`;
    case 'webhooks':
      return `${NOTIFICATION_PREFIX}:webhooks:${target.wabaId}`;
    case 'entity':
      return `${NOTIFICATION_PREFIX}:entity:${target.entity}:${target.id}:${target.wabaId}`;
  }
}

export function parseNotificationId(id: string): NotificationTarget | undefined {
  const parts = id.split(':');
  if (parts[0] !== NOTIFICATION_PREFIX) return undefined;
  if (parts[1] === 'state' && parts[2] && parts[3] && /^\d+$/.test(parts[3])) {
    return { kind: 'state', health: parts[2] as Health, phoneId: parts[3] };
  }
  if (parts[1] === 'registered' && parts[2] && /^\d+$/.test(parts[2])) return { kind: 'registered', phoneId: parts[2] };
  if (parts[1] === 'token' && (parts[2] === 'invalid' || parts[2] === 'expiring')) return { kind: 'token', reason: parts[2] };
  if (parts[1] === 'summary' && parts[2] && /^\d+$/.test(parts[2])) return { kind: 'summary', at: Number(parts[2]) };
  if (parts[1] === 'webhooks' && parts[2] && /^\d+$/.test(parts[2])) return { kind: 'webhooks', wabaId: parts[2] };
  if (parts[1] === 'entity' && parts[2] && /^[A-Z_]+$/.test(parts[2]) && /^\d+$/.test(`${parts[3]}`) && /^\d+$/.test(`${parts[4]}`))
    return { kind: 'entity', entity: parts[2], id: parts[3]!, wabaId: parts[4]! };
  return undefined;
}

/** How a notification names a number: its display name, else its phone number, else its id. */
export const numberName = (n: { id: string; snapshot?: Record<string, unknown> }): string =>
  String(n.snapshot?.verified_name ?? n.snapshot?.display_phone_number ?? n.id);

const ALARMING: ReadonlySet<Health> = new Set(['stuck', 'blocked']);

/**
 * Whether a number's new state deserves a notification: it entered stuck or blocked (first discovery
 * included) and we have not notified for that state while it held. Returns the new `notifiedHealth`.
 */
export function stateNotification(
  number: Pick<NumberState, 'health' | 'notifiedHealth'>,
  settings: Pick<Settings, 'notify'>,
): { notify: boolean; notifiedHealth: string | undefined } {
  const { health } = number;
  if (!ALARMING.has(health)) {
    // Left the alarming state: forget it, so entering it again notifies again. Unknown (a failed read
    // never happens here: stale keeps its health) also resets nothing.
    return { notify: false, notifiedHealth: health === 'unknown' ? number.notifiedHealth : undefined };
  }
  if (number.notifiedHealth === health) return { notify: false, notifiedHealth: health };
  const muted = health === 'stuck' ? !settings.notify.stuck : !settings.notify.blocked;
  // Muted categories still record the state, so unmuting does not replay old news.
  return { notify: !muted, notifiedHealth: health };
}

export interface BadgeSpec {
  text: string;
  color: string;
}

export const BADGE_COLORS: Record<'blocked' | 'stuck' | 'none', string> = {
  blocked: '#b91c1c',
  stuck: '#b45309',
  none: '#4b5563',
};

/** Toolbar badge: number of stuck + blocked numbers ('' when none), coloured by the worst. */
/** The toolbar badge for how many numbers are in each state (removed ones not counted). */
export function badgeFor(counts: Partial<Record<Health, number>>): BadgeSpec {
  let count = 0;
  let worst: Health | undefined;
  for (const [h, n] of Object.entries(counts) as Array<[Health, number]>) {
    if (!ALARMING.has(h) || !n) continue;
    count += n;
    if (!worst || HEALTH_SEVERITY[h] > HEALTH_SEVERITY[worst]) worst = h;
  }
  if (count === 0) return { text: '', color: BADGE_COLORS.none };
  return { text: count > 999 ? '999+' : String(count), color: worst === 'blocked' ? BADGE_COLORS.blocked : BADGE_COLORS.stuck };
}

export const TOKEN_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;
