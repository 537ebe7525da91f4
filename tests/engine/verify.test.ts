import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storedErrorInfo } from '@/lib/error-info';
import { numbersItem, numberSummariesItem, registrationsItem, settingsItem, stores, tokenStatusItem } from '@/lib/storage/items';
import { IDS } from '../support/default-scenario';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator';
import {
  FakeGraph,
  HOUR,
  MIN,
  STUCK_ID,
  TOKEN,
  WABA,
  deferred,
  graphWithStuck,
  metaError,
  onboard,
  onboardAndSweep,
  provisioned,
  resetEachTest,
  simulatorEngine,
} from './fixtures';

/** A code no other stored value contains by chance. */
const CODE = '908172';

const number = async (id = STUCK_ID) => (await numbersItem.getValue())[id];

/** Everything the extension stores (IndexedDB and storage.local/session), as one text. */
async function everythingStored(): Promise<string> {
  const idb = await Promise.all([
    stores.numbers.getValue(),
    numberSummariesItem.getValue(),
    registrationsItem.getValue(),
    stores.pins.getValue(),
    stores.tokenPair.getValue(),
    stores.engine.getValue(),
  ]);
  const local = await fakeBrowser.storage.local.get();
  const session = await fakeBrowser.storage.session.get();
  return JSON.stringify([idb, local, session]);
}

describe('ownership verification (lib/engine/verify.ts)', () => {
  const clock = resetEachTest();

  it('a stuck number Meta lists as NOT_VERIFIED is never registered automatically: its decision is verify_ownership', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboard(graph, clock);
    await h.engine.sweep({ reason: 'manual' });
    for (let i = 0; i < 3; i++) {
      clock.advance(HOUR);
      await h.engine.wake();
      await h.engine.sweep({ reason: 'alarm' });
    }
    expect(graph.registerCalls).toEqual([]);
    expect(await number()).toMatchObject({ health: 'stuck', decision: 'verify_ownership' });
    expect((await numberSummariesItem.getValue())[STUCK_ID]?.decision).toBe('verify_ownership');
    // Asked by a person, registration is refused before any call: ownership first.
    graph.calls = [];
    expect(await h.engine.register(STUCK_ID, { mode: 'manual' })).toEqual({ status: 'refused', refusal: { reason: 'needs_verification' } });
    expect(graph.calls).toEqual([]);
  });

  it('request_code, verify_code, then one register call; the code is never stored or logged', async () => {
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.calls = [];

    await h.engine.requestCode(STUCK_ID, 'SMS', 'pt_BR');
    expect(graph.verifyCalls).toEqual([{ op: 'requestCode', phoneId: STUCK_ID, method: 'SMS', language: 'pt_BR' }]);
    expect((await number())?.decision).toBe('verify_ownership');

    await h.engine.verifyCode(STUCK_ID, CODE);
    expect(graph.verifyCalls.at(-1)).toEqual({ op: 'verifyCode', phoneId: STUCK_ID, code: CODE });
    // Recorded on the number: the popup offers registration now (the next sweep reads Meta's VERIFIED too).
    expect(await number()).toMatchObject({ decision: 'register', ownershipVerified: true });
    expect((await numberSummariesItem.getValue())[STUCK_ID]?.decision).toBe('register');

    expect(await h.engine.register(STUCK_ID, { mode: 'manual' })).toMatchObject({ status: 'registered' });
    expect(graph.calls.filter((c) => c === 'requestCode' || c === 'verifyCode' || c === 'register')).toEqual([
      'requestCode',
      'verifyCode',
      'register',
    ]);
    expect(await everythingStored()).not.toContain(CODE);
    for (const spy of logs) {
      expect(JSON.stringify(spy.mock.calls)).not.toContain(CODE);
      spy.mockRestore();
    }
  });

  it.each([
    ['a VERIFIED stuck number (Meta would answer 136024)', () => graphWithStuck(), STUCK_ID],
    ['a provisioned number', () => new FakeGraph().add(WABA, provisioned(STUCK_ID, { code_verification_status: 'EXPIRED' })), STUCK_ID],
    ['a number WABA Health does not track', () => graphWithStuck({ code_verification_status: 'NOT_VERIFIED' }), '999'],
  ])('is refused without a call for %s', async (_name, make, id) => {
    const graph = make();
    const h = await onboardAndSweep(graph, clock);
    graph.calls = [];
    await expect(h.engine.requestCode(id, 'SMS', 'en_US')).rejects.toMatchObject({ info: { problem: 'errVerifyNotNeeded' } });
    await expect(h.engine.verifyCode(id, CODE)).rejects.toMatchObject({ info: { problem: 'errVerifyNotNeeded' } });
    expect(graph.calls).toEqual([]);
  });

  it('is refused without a call for a number removed from its account', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.phones.delete(STUCK_ID);
    await h.engine.sweep({ reason: 'manual' });
    expect(await number()).toMatchObject({ decision: 'none', removedAt: clock.t });
    graph.calls = [];
    await expect(h.engine.requestCode(STUCK_ID, 'SMS', 'en_US')).rejects.toMatchObject({ info: { problem: 'errVerifyNotNeeded' } });
    expect(graph.calls).toEqual([]);
  });

  it('needs a usable token, and waits out a rate limit, without a call', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.calls = [];
    await stores.engine.update((e) => ({ ...e, rateLimitedUntil: clock.t + 5 * MIN }));
    await expect(h.engine.requestCode(STUCK_ID, 'VOICE', 'en_US')).rejects.toMatchObject({
      info: { problem: 'errVerifyRateLimited', kind: 'rate_limit' },
    });
    await stores.engine.update((e) => ({ ...e, rateLimitedUntil: undefined }));
    await tokenStatusItem.update((s) => ({ ...s, state: 'invalid' }));
    await expect(h.engine.verifyCode(STUCK_ID, CODE)).rejects.toMatchObject({ info: { problem: 'errNoToken', nextStep: 'auth' } });
    await h.engine.removeToken();
    await expect(h.engine.requestCode(STUCK_ID, 'SMS', 'en_US')).rejects.toMatchObject({ info: { problem: 'errNoToken' } });
    expect(graph.calls).toEqual([]);
  });

  it('136024 (verified already): the error says to register, and the number offers registration', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.failNext.set('requestCode', metaError(136024, { message: '(#136024) Request code error' }));
    await expect(h.engine.requestCode(STUCK_ID, 'SMS', 'en_US')).rejects.toMatchObject({
      info: { code: 136024, nextStep: 'alreadyVerified', metaMessage: '(#136024) Request code error' },
    });
    expect(await number()).toMatchObject({ decision: 'register', ownershipVerified: true });
  });

  it('136025 (wrong or expired code): check it or send a new one; the number still needs verification', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    await h.engine.requestCode(STUCK_ID, 'SMS', 'en_US');
    graph.failNext.set('verifyCode', metaError(136025));
    const error = await h.engine.verifyCode(STUCK_ID, CODE).catch((e: unknown) => e);
    expect(error).toMatchObject({ info: { code: 136025, nextStep: 'wrongCode' } });
    expect(JSON.stringify(error)).not.toContain(CODE);
    expect(await number()).toMatchObject({ decision: 'verify_ownership' });
    expect(await everythingStored()).not.toContain(CODE);
  });

  it('133008 / 133009 (too many or too fast): wait, with the time Meta gives in its details', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.failNext.set('verifyCode', metaError(133008, { details: 'Try again in 10 minutes.' }));
    await expect(h.engine.verifyCode(STUCK_ID, CODE)).rejects.toMatchObject({
      info: { code: 133008, nextStep: 'tooManyAttempts', wait: 'Try again in 10 minutes.' },
    });
    graph.failNext.set('requestCode', metaError(133009));
    const error = await h.engine.requestCode(STUCK_ID, 'SMS', 'en_US').catch((e: { info: object }) => e.info);
    expect(error).toMatchObject({ code: 133009, nextStep: 'tooManyAttempts' });
    expect(error).not.toHaveProperty('wait');
  });

  it('a dead token during the call marks that token invalid', async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const h = await onboardAndSweep(graph, clock);
    graph.failNext.set('requestCode', metaError(190, { subcode: 463 }));
    await expect(h.engine.requestCode(STUCK_ID, 'SMS', 'en_US')).rejects.toMatchObject({ info: { code: 190, nextStep: 'auth' } });
    expect((await tokenStatusItem.getValue()).state).toBe('invalid');
  });

  it("a token saved while the call was out: the older token's failure changes nothing", async () => {
    const graph = graphWithStuck({ code_verification_status: 'NOT_VERIFIED' });
    const reached = deferred();
    const gate = deferred();
    const factory = graph.factory();
    const h = await onboardAndSweep(graph, clock, {
      graph: (options) => {
        const port = factory(options);
        return {
          ...port,
          requestCode: async (...args) => {
            reached.resolve();
            await gate.promise;
            return port.requestCode(...args);
          },
        };
      },
    });
    const call = h.engine.requestCode(STUCK_ID, 'SMS', 'en_US').catch((e: unknown) => e);
    await reached.promise;
    await h.engine.saveToken(`${TOKEN}Z`);
    graph.failNext.set('requestCode', metaError(190, { subcode: 463 }));
    gate.resolve();
    expect(await call).toMatchObject({ info: { code: 190 } });
    expect(await tokenStatusItem.getValue()).toMatchObject({ state: 'valid', generation: 2 });
  });

  it('register answering 133006 turns the number to verify_ownership until a code is accepted; then automatic retry resumes', async () => {
    // Meta lists no code_verification_status for this number, yet refuses it with 133006.
    const graph = graphWithStuck({ code_verification_status: undefined });
    const h = await onboardAndSweep(graph, clock);
    graph.registerImpl = async () => {
      throw metaError(133006, { message: '(#133006) Phone number re-verification needed' });
    };
    expect(await h.engine.register(STUCK_ID, { mode: 'manual' })).toMatchObject({ status: 'failed', error: { code: 133006 } });
    expect(await number()).toMatchObject({ decision: 'verify_ownership', ownershipVerified: false });
    expect(storedErrorInfo({ code: 133006 }).nextStep).toBe('reverify');

    await settingsItem.update((s) => ({ ...s, autoRetry: true }));
    for (let i = 0; i < 3; i++) {
      clock.advance(HOUR);
      await h.engine.sweep({ reason: 'alarm' });
    }
    expect(graph.registerCalls).toHaveLength(1);
    expect((await number())?.decision).toBe('verify_ownership');

    await h.engine.requestCode(STUCK_ID, 'VOICE', 'es_LA');
    await h.engine.verifyCode(STUCK_ID, CODE);
    expect((await number())?.decision).toBe('register');
    // The code accepted answers what stopped automatic retry (133006): the next sweep registers it, with the
    // field read still absent (Meta's answer holds), once.
    graph.registerImpl = async () => undefined;
    graph.set(STUCK_ID, { code_verification_status: undefined });
    await h.engine.sweep({ reason: 'manual' });
    expect(graph.registerCalls).toHaveLength(2);
    expect(await h.engine.register(STUCK_ID, { mode: 'manual' })).not.toMatchObject({ status: 'registered' });
    expect(graph.registerCalls).toHaveLength(2);
    // Once provisioned, the answer belongs to a finished stuck spell: it goes.
    graph.set(STUCK_ID, { status: 'CONNECTED', platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' } });
    await h.engine.sweep({ reason: 'manual' });
    expect(await number()).toMatchObject({ decision: 'none', ownershipVerified: undefined });
  });
});

describe('ownership verification over the Graph simulator (real client, real HTTPS)', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenario: 'default' });
  });
  afterAll(() => sim?.close());

  it('sends code_method and language, then the code, as form fields; a wrong code is 136025, a verified number 136024', async () => {
    fakeBrowser.reset();
    const id = IDS.stuckNoPin;
    sim.setPhoneField(id, 'code_verification_status', 'NOT_VERIFIED');
    const e = simulatorEngine(sim);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    await e.saveToken(sim.tokens.valid);
    await e.sweep({ reason: 'manual' });
    expect((await number(id))?.decision).toBe('verify_ownership');

    sim.clearLog();
    await e.requestCode(id, 'SMS', 'en_US');
    await expect(e.verifyCode(id, '000000')).rejects.toMatchObject({ info: { code: 136025, nextStep: 'wrongCode' } });
    await e.verifyCode(id, '123456');
    expect((await number(id))?.decision).toBe('register');
    expect(await e.register(id, { mode: 'manual' })).toMatchObject({ status: 'registered' });
    const posts = sim.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${id}/`)).map((r) => r.path.split('/').at(-1));
    expect(posts).toEqual(['request_code', 'verify_code', 'verify_code', 'register']);
    expect(sim.requests.find((r) => r.path.endsWith('/request_code'))?.url).not.toContain('123456');

    // Meta has it verified now: a stale "not verified" state meets 136024, and the number offers registration.
    await numbersItem.update((all) => ({ ...all, [id]: { ...all[id]!, decision: 'verify_ownership', ownershipVerified: undefined } }), {
      ids: [id],
    });
    await expect(e.requestCode(id, 'SMS', 'en_US')).rejects.toMatchObject({ info: { code: 136024, nextStep: 'alreadyVerified' } });
    expect((await number(id))?.decision).toBe('register');
  });
});
