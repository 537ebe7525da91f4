import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { stores } from '@/lib/storage/items';
import { IDS } from '../support/default-scenario';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator';
import { readScenario } from '../support/simulator/scenario';
import type { Notice } from '@/lib/engine/deps';
import { words } from '@/lib/i18n';
import { simulatorEngine } from './fixtures';

/**
 * Webhook coverage of each WABA, read inside the sweep's batch (the real engine and Graph client over the
 * simulator): one subscribed app -> ok, none -> none, Meta refusing to say -> unknown, with the WABA's
 * numbers read all the same.
 */
describe('webhook coverage in the sweep', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    const sc = readScenario('default') as { wabas: Array<Record<string, unknown>> };
    sim = await startGraphSimulator({
      scenario: {
        ...sc,
        wabas: sc.wabas.map((w) =>
          w.id === IDS.wabaSupport ? { ...w, subscribed_apps: [] } : w.id === IDS.wabaClient ? { ...w, subscribed_apps_denied: true } : w,
        ),
      } as never,
    });
  });
  afterAll(() => sim?.close());
  beforeEach(() => fakeBrowser.reset());

  it('stores none / ok / unknown per WABA without extra calls when Meta answers, one retry per refusing WABA', async () => {
    const notices: Array<{ id: string; notice: Notice }> = [];
    const engine = simulatorEngine(sim, { notify: async (id, notice) => void notices.push({ id, notice }) });
    await engine.saveToken(sim.tokens.valid);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    sim.clearLog();
    expect(await engine.sweep({ reason: 'manual' })).toMatchObject({ status: 'done' });
    // One batch call for the three WABAs, and one more for the WABA that refused its apps.
    expect(sim.requests).toHaveLength(2);
    const { wabas } = await stores.accounts.getValue();
    expect(wabas[IDS.wabaSales]?.webhooks).toMatchObject({ state: 'ok', apps: [{ id: '1400000000000001', name: 'Acme Inbox' }] });
    expect(wabas[IDS.wabaSupport]?.webhooks).toMatchObject({ state: 'none', apps: [] });
    expect(wabas[IDS.wabaClient]?.webhooks?.state).toBe('unknown');
    // The refusing WABA's numbers were still read.
    expect(wabas[IDS.wabaClient]?.phoneIds.length).toBeGreaterThan(0);
    expect(wabas[IDS.wabaClient]?.lastError).toBeUndefined();

    // No notification for a WABA first read without apps, or one Meta would not answer for.
    expect(notices.filter((n) => n.id.includes(':webhooks:'))).toEqual([]);

    // The last app unsubscribes: the next sweep says so, with one notification (not repeated while it holds).
    sim.setSubscribedApps(IDS.wabaSales, []);
    await engine.sweep({ reason: 'manual' });
    expect((await stores.accounts.getValue()).wabas[IDS.wabaSales]?.webhooks?.state).toBe('none');
    await engine.sweep({ reason: 'manual' });
    const lost = notices.filter((n) => n.id.includes(':webhooks:'));
    expect(lost.map((n) => n.id)).toEqual([`waba-health:webhooks:${IDS.wabaSales}`]);
    expect(words(lost[0]!.notice.title)).toMatch(/no app receives its messages any more/);
    expect(await engine.notificationUrl({ kind: 'webhooks', wabaId: IDS.wabaSales })).toContain(IDS.wabaSales);
  });
});
