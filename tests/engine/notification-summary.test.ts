import { describe, expect, it } from 'vitest';
import type { Text } from '@/lib/engine/deps';
import { renderText } from '@/lib/text';
import { notificationId, parseNotificationId, SUMMARY_AFTER } from '@/lib/engine/notifications';
import { words } from '@/lib/i18n';
import ptBR from '@/public/_locales/pt_BR/messages.json';
import { numberSummariesItem } from '@/lib/storage/items';
import { FakeGraph, WABA, provisioned, stuck, onboardAndSweep, resetEachTest } from './fixtures';

/** English, as the English catalogue words it. */
const render = (text: Text) => words(text);
/** browser.i18n.getMessage over one catalogue ($1... substitutions). */
const getMessageIn = (catalogue: Record<string, { message: string }>) => (key: string, subs: string[]) =>
  (catalogue[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');

const ids = (n: number, from = 2000) => Array.from({ length: n }, (_, i) => `100000000${from + i}`);

describe('notifications that scale', () => {
  const clock = resetEachTest();

  it(`up to ${SUMMARY_AFTER} numbers entering stuck or blocked in one sweep: one notification each, with the phone id in its id`, async () => {
    const graph = new FakeGraph().add(WABA, ...ids(SUMMARY_AFTER).map((id) => stuck(id, { is_pin_enabled: true })));
    const h = await onboardAndSweep(graph, clock);
    expect(h.notices.map((n) => n.id).sort()).toEqual(ids(SUMMARY_AFTER).map((id) => `waba-health:state:stuck:${id}`));
  });

  it('a sweep of many batches announces once, at its end: one summary for the numbers of every batch', async () => {
    // 120 WABAs with one stuck number each: 3 batch calls of at most 50 WABAs, 120 numbers entering stuck.
    const wabas = Array.from({ length: 120 }, (_, i) => String(300000000000000 + i));
    const phones = ids(120, 5000);
    const graph = new FakeGraph();
    wabas.forEach((w, i) => graph.add(w, stuck(phones[i]!, { is_pin_enabled: true })));
    graph.debug = { ...graph.debug, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: wabas }] };
    graph.ownedWabas = [];
    const h = await onboardAndSweep(graph, clock);
    expect(graph.calls.filter((c) => c === 'readWabas')).toHaveLength(3);
    expect(h.notices).toHaveLength(1);
    expect(render(h.notices[0]!.notice.title)).toBe('120 numbers need attention');
    // The popup opened from it lists every one of them: they all entered stuck at the time it carries.
    const target = parseNotificationId(h.notices[0]!.id)!;
    const summaries = await numberSummariesItem.getValue();
    expect(Object.values(summaries).filter((n) => target.kind === 'summary' && n.alarmedAt === target.at)).toHaveLength(120);
  });

  it(`more than ${SUMMARY_AFTER}: one summary (count, up to ${SUMMARY_AFTER} names) whose click opens the popup filtered to exactly them`, async () => {
    const stuckIds = ids(7);
    const blockedId = '1000000009999';
    const graph = new FakeGraph().add(
      WABA,
      provisioned('1000000000001'),
      ...stuckIds.map((id) => stuck(id, { is_pin_enabled: true })),
      provisioned(blockedId, { status: 'BANNED' }),
    );
    const h = await onboardAndSweep(graph, clock, { extensionUrl: (path) => `chrome-extension://abc${path}` });
    expect(h.notices).toHaveLength(1);
    const [{ id, notice }] = h.notices as [(typeof h.notices)[number]];
    expect(id).toBe(`waba-health:summary:${clock.t}`);
    expect(render(notice.title)).toBe('8 numbers need attention');
    expect(render(notice.message)).toMatch(/and 3 more: 7 stuck, 1 blocked/);
    // The background renders it in the person's language (here Brazilian Portuguese).
    expect(renderText(notice.title, getMessageIn(ptBR))).toBe('8 números precisam de atenção');
    expect(renderText(notice.message, getMessageIn(ptBR))).toMatch(/e mais 3: 7 travados, 1 bloqueados/);
    const target = parseNotificationId(id)!;
    expect(target).toEqual({ kind: 'summary', at: clock.t });
    expect(notificationId(target)).toBe(id);
    expect(await h.engine.notificationUrl(target)).toBe(`chrome-extension://abc/popup.html?alarmedAt=${clock.t}`);
    // The popup's filter: the numbers whose alarmedAt is the summary's time.
    const summaries = await numberSummariesItem.getValue();
    const listed = Object.values(summaries)
      .filter((s) => s.alarmedAt === clock.t)
      .map((s) => s.id)
      .sort();
    expect(listed).toEqual([...stuckIds, blockedId].sort());

    // Nothing new on the next sweep: no notification at all.
    clock.advance(15 * 60_000);
    await h.engine.sweep({ reason: 'alarm' });
    expect(h.notices).toHaveLength(1);
  });
});
