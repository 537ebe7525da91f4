import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { stores } from '@/lib/storage/items';
import type { Notice } from '@/lib/engine/deps';
import { words } from '@/lib/i18n';
import { IDS } from '../support/default-scenario';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator';
import { readScenario } from '../support/simulator/scenario';
import { simulatorEngine } from './fixtures';

/**
 * Root causes once (the real engine and Graph client over the simulator): a business portfolio Meta
 * limits or blocks is stored once on each of its WABAs, announced once for all its numbers, and its
 * numbers say who limits them instead of each carrying the portfolio's error as their own.
 */
const NOT_VERIFIED = {
  can_send_message: 'LIMITED',
  errors: [
    {
      error_code: 141010,
      error_description: 'The business has not been verified.',
      possible_solution: 'Complete business verification in Meta Business Suite.',
    },
  ],
};
const PAYMENT = {
  can_send_message: 'BLOCKED',
  errors: [
    {
      error_code: 141006,
      error_description: 'There is a problem with the payment method.',
      possible_solution: 'Add a valid payment method.',
    },
  ],
};

async function withBusinessHealth(health: unknown): Promise<GraphSimulator> {
  const sc = readScenario('default') as { businesses: Array<Record<string, unknown>> };
  return startGraphSimulator({
    scenario: { ...sc, businesses: sc.businesses.map((b) => (b.id === IDS.business ? { ...b, health } : b)) } as never,
  });
}

describe('entity problems above the numbers', () => {
  let sim: GraphSimulator | undefined;
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => sim?.close());

  /** The default scenario with its portfolio's health set, the token saved and one sweep done (no registration). */
  async function sweptWith(health: unknown) {
    sim = await withBusinessHealth(health);
    const notices: Array<{ id: string; notice: Notice }> = [];
    const engine = simulatorEngine(sim, { notify: async (id, notice) => void notices.push({ id, notice }) });
    await engine.saveToken(sim.tokens.valid);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    await engine.sweep({ reason: 'manual' });
    return { engine, notices };
  }

  it('stores a LIMITED portfolio once per WABA, announces it once, and its numbers say they are limited by it', async () => {
    const { engine, notices } = await sweptWith(NOT_VERIFIED);

    const { wabas } = await stores.accounts.getValue();
    for (const id of [IDS.wabaSales, IDS.wabaSupport]) {
      expect(wabas[id]?.entities).toEqual([
        {
          type: 'BUSINESS',
          id: IDS.business,
          canSend: 'LIMITED',
          errors: [
            { code: 141010, description: NOT_VERIFIED.errors[0]!.error_description, solution: NOT_VERIFIED.errors[0]!.possible_solution },
          ],
          info: [],
        },
      ]);
    }
    // The partner's WABA is not under this portfolio.
    expect(wabas[IDS.wabaClient]?.entities).toEqual([]);

    const entityNotices = notices.filter((n) => n.id.includes(':entity:'));
    expect(entityNotices.map((n) => n.id)).toEqual([
      expect.stringMatching(new RegExp(`^waba-health:entity:BUSINESS:${IDS.business}:\\d+$`)),
    ]);
    expect(words(entityNotices[0]!.notice.title)).toContain('Acme Bakery Group');
    expect(words(entityNotices[0]!.notice.message)).toContain('141010');

    const healthy = await stores.numbers.get(IDS.healthy);
    expect(healthy?.health).toBe('attention');
    expect(healthy?.reasons[0]).toEqual({ code: 'can_send_limited', value: 'LIMITED', entity: 'BUSINESS', entityId: IDS.business });

    // Still the same problem on the next sweep: not announced again.
    await engine.sweep({ reason: 'manual' });
    expect(notices.filter((n) => n.id.includes(':entity:'))).toHaveLength(1);
    const url = await engine.notificationUrl({ kind: 'entity', entity: 'BUSINESS', id: IDS.business, wabaId: IDS.wabaSales });
    expect(url).toContain(`business_id=${IDS.business}`);
  });

  it('a BLOCKED portfolio is one notification, not one per number (nor a summary of them)', async () => {
    const { notices } = await sweptWith(PAYMENT);

    const numbers = await stores.numbers.getValue();
    const underIt = Object.values(numbers).filter((n) => n.wabaId !== IDS.wabaClient);
    expect(underIt.length).toBeGreaterThan(5);
    // Blocked by the portfolio, except the number banned on its own account.
    expect(underIt.every((n) => n.health === 'blocked')).toBe(true);
    const ids = notices.map((n) => n.id);
    expect(ids.filter((id) => id.includes(':entity:'))).toHaveLength(1);
    expect(ids.filter((id) => id.includes(':summary:'))).toEqual([]);
    // The banned number is blocked for a reason of its own: it is still announced.
    expect(ids.filter((id) => id.includes(':state:'))).toEqual([`waba-health:state:blocked:${IDS.banned}`]);
  });
});
