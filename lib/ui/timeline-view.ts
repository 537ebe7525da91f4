import {
  canSendLabel,
  messagingLimitLabel,
  nameStatusLabel,
  platformLabel,
  qualityLabel,
  statusLabel,
  throughputLabel,
} from '../format/labels';
import { timeAgo } from '../format/time';
import { healthLabel } from '../health/reason-text';
import { t, type MessageKey } from '../i18n';
import type { Change, Transition } from '../storage/schemas';
import { boundTimeline, type TimelineField } from '../timeline';

/** Each recorded field: its label and how its values read. */
const FIELDS: Record<TimelineField, { label: MessageKey; words: (v: string | undefined) => string }> = {
  status: { label: 'uiFieldStatus', words: statusLabel },
  quality_rating: { label: 'uiFieldQuality', words: qualityLabel },
  messaging_limit: { label: 'uiFieldMessagingLimit', words: messagingLimitLabel },
  name_status: { label: 'uiFieldNameStatus', words: nameStatusLabel },
  throughput: { label: 'uiFieldThroughput', words: throughputLabel },
  platform_type: { label: 'uiFieldPlatform', words: platformLabel },
  can_send_message: { label: 'uiFieldCanSend', words: canSendLabel },
  webhooks: {
    label: 'uiFieldWebhooks',
    words: (v) => t(v === 'ok' ? 'timelineWebhooksOk' : v === 'none' ? 'timelineWebhooksNone' : 'timelineWebhooksUnknown'),
  },
};

export interface TimelineEntry {
  at: number;
  /** "Quality: High quality → Medium quality, 3 h ago" */
  text: string;
}

/** A number's timeline in words, newest first: its recorded changes and its health's transitions. */
export function timelineEntries(changes: readonly Change[], history: readonly Transition[], now: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  // A number no longer read keeps its last timeline: what is past the bounds is not shown either.
  for (const c of boundTimeline(changes, now)) {
    const field = FIELDS[c.field as TimelineField];
    if (!field) continue;
    entries.push({
      at: c.at,
      text: t('popupTimelineFieldChange', [t(field.label), field.words(c.from), field.words(c.to), timeAgo(c.at, now)]),
    });
  }
  for (const h of history) {
    entries.push({
      at: h.at,
      text: h.from
        ? t('popupTimelineFieldChange', [t('popupChartHealth'), healthLabel(h.from), healthLabel(h.to), timeAgo(h.at, now)])
        : t('popupTimelineFirst', [healthLabel(h.to), timeAgo(h.at, now)]),
    });
  }
  return entries.sort((a, b) => b.at - a.at);
}
