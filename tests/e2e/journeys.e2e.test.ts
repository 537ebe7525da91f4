import { beforeEach, describe, expect, it } from 'vitest';
import { ACME_BUSINESS, IDS, SALES_WABA, STUCK_PIN_VALUE } from './support/default-scenario';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { driveExtension } from './support/extension';
import { connectToken, registerRequests, steadyEnvironmentPerTest } from './support/environment';

const HEALTHY = IDS.healthy;
const STUCK_NO_PIN = IDS.stuckNoPin;
const STUCK_PIN = IDS.stuckPin;

describe('user journeys 1-2 (e2e): the owner and the support agent', () => {
  const { sim, browser } = steadyEnvironmentPerTest(launchExtensionBrowser);

  const registerCalls = (id: string) => registerRequests(sim, id).length;

  it('1. owner: token -> numbers -> a stuck number registered automatically -> notification -> healthy', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options
      .locator('input')
      .and(options.getByLabel('Access token', { exact: true }))
      .fill(sim.tokens.valid);
    await options.getByRole('button', { name: 'Save token' }).click();

    const popup = await browser.openExtensionPage('popup.html');
    const row = popup.locator(`[data-phone-number-id="${STUCK_NO_PIN}"]`);
    await expect.poll(() => popup.locator('[data-phone-number-id]').count(), { timeout: 20_000 }).toBe(10);
    await expect.poll(() => registerCalls(STUCK_NO_PIN), { timeout: 15_000 }).toBe(1);
    const ext = await driveExtension(browser);
    await expect
      .poll(async () => (await ext.notificationIds()).filter((n) => n.startsWith(`waba-health:registered:${STUCK_NO_PIN}:`)).length)
      .toBe(1);

    sim.advanceTime(2_000); // Meta provisions the number
    await popup.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => row.getAttribute('data-health'), { timeout: 10_000 }).toBe('healthy');
    await popup.screenshot({ path: artifactPath('journey-1-owner.png'), fullPage: true });
  });

  it('2. support staff: WhatsApp Manager page -> badges -> Complete registration in the page -> healthy', async () => {
    const ext = await driveExtension(browser);
    await connectToken(ext, sim, { autoRetry: false });

    const page = await browser.context.newPage();
    await page.goto(`https://business.facebook.com/wa/manage/phone-numbers/?waba_id=${SALES_WABA}&business_id=${ACME_BUSINESS}`);
    const badge = page.locator(`waba-health-badge[data-phone-number-id="${STUCK_NO_PIN}"]`);
    await expect.poll(() => badge.getAttribute('data-health'), { timeout: 10_000 }).toBe('stuck');
    expect(await page.locator('waba-health-badge').count()).toBeGreaterThanOrEqual(4);

    await badge.getByRole('button', { name: 'Complete registration' }).click();
    await expect.poll(() => registerCalls(STUCK_NO_PIN), { timeout: 10_000 }).toBe(1);
    sim.advanceTime(2_000);
    await ext.checkNow();
    await expect.poll(() => badge.getAttribute('data-health'), { timeout: 10_000 }).toBe('healthy');
    await page.screenshot({ path: artifactPath('journey-2-support.png') });
  });
});

describe('user journeys 3-5 (e2e)', () => {
  const { sim, browser, ext } = steadyEnvironmentPerTest(launchExtensionBrowser, driveExtension);

  const registerCalls = (id: string) => registerRequests(sim, id).length;
  const health = async (id: string) => (await ext.storage<Record<string, { health: string }>>('numbers'))?.[id]?.health;

  beforeEach(async () => {
    await connectToken(ext, sim);
    await ext.checkNow(); // settle: the first sweep's automatic registrations are done
  });

  it('3. a number becomes stuck between two sweeps: exactly one notification, badge count goes up', async () => {
    const before = Number((await ext.badgeText()) || '0');
    expect((await ext.notificationIds()).filter((n) => n.endsWith(`:${HEALTHY}`))).toEqual([]);

    sim.setPhoneField(HEALTHY, 'platform_type', 'NOT_APPLICABLE');
    sim.setPhoneField(HEALTHY, 'status', 'PENDING');
    await ext.checkNow();
    expect(await health(HEALTHY)).toBe('stuck');
    await ext.checkNow();
    await ext.checkNow();

    const ids = (await ext.notificationIds()).filter((n) => n.includes(`:state:`) && n.endsWith(`:${HEALTHY}`));
    expect(ids).toEqual([`waba-health:state:stuck:${HEALTHY}`]);
    expect(Number(await ext.badgeText())).toBe(before + 1);
  });

  it('4. the token expires mid-sweep: banner, calls stop; a new token resumes everything', async () => {
    // Slow down the per-WABA reads so the token can die between two calls of one sweep.
    sim.addFault({ kind: 'latency', latencyMs: 700, path: '^/$' });
    sim.clearLog();
    const sweep = ext.send({ type: 'checkNow' });
    await expect.poll(() => sim.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    sim.invalidateToken(sim.tokens.valid);
    await sweep;
    await expect.poll(async () => (await ext.storage<{ state: string }>('tokenStatus')).state, { timeout: 10_000 }).toBe('invalid');
    sim.clearFaults();

    const popup = await browser.openExtensionPage('popup.html');
    const banner = popup.getByRole('alert').filter({ hasText: /token/i });
    await expect.poll(() => banner.count()).toBeGreaterThan(0);
    await popup.screenshot({ path: artifactPath('journey-4-token-banner.png') });
    await popup.close();

    sim.clearLog();
    expect(await ext.checkNow()).toMatchObject({ status: 'skipped', reason: 'token_invalid' });
    expect(sim.requests).toHaveLength(0);

    expect((await ext.send({ type: 'saveToken', token: sim.tokens.expiring })).ok).toBe(true);
    expect((await ext.storage<{ state: string }>('tokenStatus')).state).toBe('valid');
    expect((await ext.checkNow()).status).toBe('done');
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(await health(HEALTHY)).toBe('healthy');
  });

  it('5. the service worker is stopped in the middle of a registration: no second register call, state intact', async () => {
    // Register answers only after 6 s, so the worker can be stopped while the call is in flight.
    sim.addFault({ kind: 'latency', latencyMs: 6_000, method: 'POST', path: `^/${STUCK_PIN}/register$` });
    const numbersBefore = await ext.storage<Record<string, unknown>>('numbers');
    void ext.send({ type: 'completeRegistration', phoneId: STUCK_PIN, pin: STUCK_PIN_VALUE }).catch(() => undefined);
    await expect.poll(() => registerCalls(STUCK_PIN), { timeout: 10_000 }).toBe(1);

    const regs = async () => (await ext.storage<Record<string, { inFlight?: unknown; attempts: unknown[] }>>('registrations'))?.[STUCK_PIN];
    expect((await regs())?.inFlight).toBeDefined();
    await browser.stopServiceWorker();

    // The worker comes back for the next event; every trigger sees the lock kept in storage.
    const again = await ext.send<{ status: string; reason?: string }>({
      type: 'completeRegistration',
      phoneId: STUCK_PIN,
      pin: STUCK_PIN_VALUE,
    });
    expect(again.data).toMatchObject({ status: 'refused', reason: 'in_flight' });
    await ext.checkNow();
    await ext.page.waitForTimeout(6_000); // past the simulated answer of the first call
    // The stopped worker never learned the outcome: the lock still holds, no attempt was recorded.
    expect(await regs()).toMatchObject({ attempts: [], inFlight: expect.objectContaining({ mode: 'manual' }) });
    await ext.checkNow();
    expect(registerCalls(STUCK_PIN)).toBe(1);

    const numbersAfter = await ext.storage<Record<string, unknown>>('numbers');
    expect(Object.keys(numbersAfter).sort()).toEqual(Object.keys(numbersBefore).sort());
    expect((await ext.storage<Record<string, { pin: string }>>('pins'))[STUCK_PIN]?.pin).toBe(STUCK_PIN_VALUE);
  });
});
