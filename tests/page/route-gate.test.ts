import { describe, expect, it } from 'vitest';
import { createRouteGate } from '@/lib/page/route-gate';
import { isWhatsAppManagerUrl } from '@/lib/page/routes';

const HOME = 'https://business.facebook.com/latest/home?business_id=1';
const WAM = 'https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?business_id=1&asset_id=2';

function gateAt(start: string) {
  let href = start;
  const log: string[] = [];
  let finishWake: (() => void) | undefined;
  const stillAwakeAfter: boolean[] = [];
  const gate = createRouteGate({
    href: () => href,
    isActive: isWhatsAppManagerUrl,
    wake: (stillAwake) =>
      new Promise<void>((resolve) => {
        log.push('wake');
        finishWake = () => {
          stillAwakeAfter.push(stillAwake());
          resolve();
        };
      }),
    sleep: () => void log.push('sleep'),
  });
  /** In-app navigation to `to`, then the check the page's history hooks make. */
  const visit = (to: string) => {
    href = to;
    gate.check();
  };
  return { gate, log, visit, finishWake: () => finishWake?.(), stillAwakeAfter };
}

describe('route gate: dormant outside WhatsApp Manager, awake inside', () => {
  it('stays dormant on a Business Suite page: nothing starts', () => {
    const g = gateAt(HOME);
    g.gate.check();
    g.gate.check();
    expect(g.log).toEqual([]);
    expect(g.gate.awake).toBe(false);
  });

  it('wakes once on in-app navigation into WhatsApp Manager, sleeps once on the way out', () => {
    const g = gateAt(HOME);
    g.gate.check();
    g.visit(WAM);
    g.gate.check(); // replaceState inside WhatsApp Manager: still awake, no second start
    g.visit(`${WAM}&waba_id=3`);
    g.visit(HOME);
    expect(g.log).toEqual(['wake', 'sleep']);
    expect(g.gate.awake).toBe(false);
  });

  it('a sleep during an unfinished wake wins: the wake learns its work no longer matters', () => {
    const g = gateAt(WAM);
    g.gate.check();
    g.visit(HOME);
    g.finishWake();
    expect(g.log).toEqual(['wake', 'sleep']);
    expect(g.stillAwakeAfter).toEqual([false]);
  });
});

describe('route gate: the destination of a navigation announced before it commits', () => {
  it('wakes on the destination even while location.href is still the old URL (Navigation API)', () => {
    const g = gateAt(HOME);
    g.gate.check();
    g.gate.check(WAM); // navigate event: location.href is still HOME
    expect(g.log).toEqual(['wake']);
    g.gate.check(HOME);
    expect(g.log).toEqual(['wake', 'sleep']);
  });
});
