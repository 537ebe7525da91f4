import { describe, expect, it } from 'vitest';
import { numbersItem, settingsItem, stores } from '@/lib/storage/items';
import { HOUR, MIN, STUCK_ID, deferred, graphWithStuck, makeEngine, metaError, onboard, onboardAndSweep, resetEachTest } from './fixtures';

/**
 * Ownership verification and registration safety (found by an adversarial review): Meta's 133006 stands over a
 * VERIFIED read and a worker stopping mid-write, one code request at a time with a cooldown, a later NOT_VERIFIED
 * read wins over an earlier code accepted, and the stuck notification does not promise an automatic registration.
 */
const number = async (id = STUCK_ID) => (await numbersItem.getValue())[id];

describe('ownership verification (engine)', () => {
  const clock = resetEachTest();

  it('F1: a stuck number Meta lists as VERIFIED that register answered 133006 is not offered another register call', async () => {
    // graphWithStuck(): code_verification_status VERIFIED. Meta still refuses the number with 133006.
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock);
    graph.registerImpl = async () => {
      throw metaError(133006, { message: '(#133006) Phone number re-verification needed' });
    };
    expect(await h.engine.register(STUCK_ID, { mode: 'manual' })).toMatchObject({ status: 'failed', error: { code: 133006 } });
    // Meta's refusal wins over the field: Verify ownership is offered, and no second call goes out on the
    // same 133006 (each would spend one of Meta's 10 per 72 h).
    expect(await number()).toMatchObject({ ownershipVerified: false });
    expect((await number())?.decision).not.toBe('register');
    await h.engine.register(STUCK_ID, { mode: 'manual' });
    expect(graph.registerCalls).toHaveLength(1);
  });

  it('F2: one request_code at a time, and none within a minute of a code sent: two pages (or a quick resend) send one SMS', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const gate = deferred();
    const factory = graph.factory();
    const h = await onboardAndSweep(graph, clock, {
      graph: (options) => {
        const port = factory(options);
        return {
          ...port,
          requestCode: async (...args) => {
            const r = await port.requestCode(...args);
            await gate.promise;
            return r;
          },
        };
      },
    });
    // The popup and a second popup window (or the popup reopened) both press Send code.
    const a = h.engine.requestCode(STUCK_ID, 'SMS', 'en_US').catch((e: unknown) => e);
    const b = h.engine.requestCode(STUCK_ID, 'SMS', 'en_US').catch((e: unknown) => e);
    gate.resolve();
    await Promise.all([a, b]);
    // "Send a new code" one second later: a third SMS.
    clock.advance(1000);
    await h.engine.requestCode(STUCK_ID, 'SMS', 'en_US').catch((e: unknown) => e);
    expect(graph.verifyCalls.filter((c) => c.op === 'requestCode')).toHaveLength(1);
  });

  it('F3: a read where Meta says NOT_VERIFIED again, after one that confirmed VERIFIED, wins over the code accepted earlier: no register call on 133006', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    await h.engine.requestCode(STUCK_ID, 'SMS', 'en_US');
    // Registration after the code waits on the display name (the usual reason numbers are stuck).
    graph.registerImpl = async () => {
      throw metaError(100, { subcode: 2388001, message: 'Cannot Create Certificate' });
    };
    await h.engine.verifyCode(STUCK_ID, '908172');
    await h.engine.register(STUCK_ID, { mode: 'manual' });
    expect(graph.registerCalls).toHaveLength(1);
    // The next read confirms VERIFIED (fake verify_code set it); days later Meta reports NOT_VERIFIED again
    // (re-onboarded elsewhere, or Meta reset the verification).
    await h.engine.sweep({ reason: 'manual' });
    expect((await number())?.snapshot).toMatchObject({ code_verification_status: 'VERIFIED' });
    graph.set(STUCK_ID, { code_verification_status: 'NOT_VERIFIED', name_status: 'APPROVED' });
    graph.registerImpl = async () => {
      throw metaError(133006);
    };
    clock.advance(13 * HOUR); // the certificate wait is over
    await h.engine.sweep({ reason: 'manual' });
    // Meta's newest read, after its VERIFIED, should win: verify again.
    expect((await number())?.decision).toBe('verify_ownership');
    await settingsItem.update((s) => ({ ...s, autoRetry: true }));
    for (let i = 0; i < 3; i++) {
      clock.advance(HOUR);
      await h.engine.sweep({ reason: 'alarm' });
      await h.engine.wake();
    }
    expect(graph.registerCalls).toHaveLength(1);
  });

  it('F4: the stuck notification of a number that needs its ownership verified asks for it (no automatic registration is coming)', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboard(graph, clock, { sweep: true });
    clock.advance(10 * MIN);
    const stuckNotice = h.notices.find((n) => n.notice.target.kind === 'state');
    expect(stuckNotice).toBeDefined();
    // Not notifyStuckBody ("WABA Health will try to complete the registration"): it never will without a person.
    expect(stuckNotice?.notice.message.key).toBe('notifyStuckVerifyBody');
  });
});

describe('a 133006 recorded with its attempt, whatever happens to the write that marks the number', () => {
  const clock = resetEachTest();

  it("F5: the worker stops between the outcome write and the number's: the next click is refused, no second call on 133006", async () => {
    const graph = graphWithStuck({ code_verification_status: undefined });
    const h = await onboardAndSweep(graph, clock);
    const update = stores.numbers.update.bind(stores.numbers);
    let calls = 0;
    graph.registerImpl = async () => {
      if (calls++ > 0) throw metaError(133006);
      // The next numbers write (recordOwnership, after settle) never happens: the worker is gone.
      let first = true;
      stores.numbers.update = ((...args: Parameters<typeof update>) => {
        if (first) {
          first = false;
          return Promise.reject(new Error('worker stopped'));
        }
        return update(...args);
      }) as typeof update;
      throw metaError(133006);
    };
    await h.engine.register(STUCK_ID, { mode: 'manual' }).catch(() => undefined);
    stores.numbers.update = update;
    expect(graph.registerCalls).toHaveLength(1);
    // A fresh worker; the person presses Complete registration again (the row still offers it).
    const h2 = makeEngine(graph, clock);
    await h2.engine.recover();
    await h2.engine.register(STUCK_ID, { mode: 'manual' });
    expect(graph.registerCalls).toHaveLength(1);
  });
});

describe('a 133006 not yet on its number when the worker stopped', () => {
  const clock = resetEachTest();

  it('recovery marks the number: it offers Verify ownership, not Complete registration', async () => {
    const graph = graphWithStuck({ code_verification_status: undefined });
    const h = await onboardAndSweep(graph, clock);
    graph.registerImpl = async () => {
      throw metaError(133006);
    };
    await h.engine.register(STUCK_ID, { mode: 'manual' });
    // As if the write that marks the number never happened.
    await numbersItem.update((all) => ({ ...all, [STUCK_ID]: { ...all[STUCK_ID]!, ownershipVerified: undefined, decision: 'register' } }), {
      ids: [STUCK_ID],
    });
    const h2 = makeEngine(graph, clock);
    await h2.engine.recover();
    expect((await number())?.decision).toBe('verify_ownership');
    expect(graph.registerCalls).toHaveLength(1);
  });
});
