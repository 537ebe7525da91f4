import { describe, expect, it, vi } from 'vitest';
import { createMessageRouter, type Handlers } from '@/lib/messages/router';
import { pinsItem, tokenItem } from '@/lib/storage/items';
import { deferred, flush, onboardAndSweep, resetEachTest, STUCK_ID as ID, graphWithStuck } from './fixtures';

describe('adversarial review: more', () => {
  const clock = resetEachTest();

  it('R1b. removeToken: a register started between the generation bump and the token clear still calls Meta with the removed token', async () => {
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock);
    const gate = deferred();
    const original = tokenItem.setValue.bind(tokenItem);
    vi.spyOn(tokenItem, 'setValue').mockImplementation(async (v) => {
      await gate.promise;
      return original(v);
    });
    const removing = h.engine.removeToken();
    await flush();
    const reg = await h.engine.register(ID, { mode: 'manual' });
    gate.resolve();
    await removing;
    expect(reg.status).not.toBe('registered');
    expect(graph.registerCalls).toEqual([]);
  });

  it('R7. Meta accepts a generated PIN but the "registered" notification fails: register() rejects, the person never gets the generated PIN, no wake is scheduled', async () => {
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock, {
      notify: async () => {
        throw new Error('Unable to download all specified images.');
      },
    });
    const before = h.wakes.length;
    const result = await h.engine.register(ID, { mode: 'manual' }).catch((e: unknown) => e);
    expect(graph.registerCalls).toHaveLength(1);
    expect((await pinsItem.getValue())[ID]?.acceptedAt).toBeDefined();
    expect(result).toEqual({ status: 'registered', generatedPin: '424242' });
    expect(h.wakes.length).toBeGreaterThan(before);
  });

  it('router: the new messages per role', async () => {
    const calls: string[] = [];
    const handler = (name: string) => async () => (calls.push(name), { ok: true }) as never;
    const handlers = Object.fromEntries(
      [
        'ping',
        'checkNow',
        'completeRegistration',
        'setPin',
        'saveToken',
        'removeToken',
        'updateSettings',
        'addWaba',
        'getDisplayState',
        'dismissNumber',
        'forgetAll',
        'getMigrationStatus',
        'retryMigration',
      ].map((n) => [n, handler(n)]),
    ) as unknown as Handlers;
    const route = createMessageRouter(handlers, {
      runtimeId: 'ext',
      extensionOrigin: 'chrome-extension://ext',
      describeError: () => ({ problem: 'errUnexpected' as const }),
    });
    const senders = {
      content_script: { id: 'ext', url: 'https://business.facebook.com/wa/manage/', tab: {} },
      pin_frame: { id: 'ext', url: 'chrome-extension://ext/pin-prompt.html?phoneId=1', tab: {} },
      pin_frame_top: { id: 'ext', url: 'chrome-extension://ext/pin-prompt.html?phoneId=1' },
      other_site: { id: 'ext', url: 'https://evil.example/', tab: {} },
    };
    const msgs = [
      { type: 'dismissNumber', phoneId: '1' },
      { type: 'forgetAll' },
      { type: 'getMigrationStatus' },
      { type: 'retryMigration' },
      { type: 'setPin', phoneId: '1', pin: '123456' },
    ];
    for (const sender of Object.values(senders)) for (const m of msgs) expect((await route(m, sender)).ok).toBe(false);
    expect(calls).toEqual([]);
  });
});
