import { describe, expect, it } from 'vitest';
import { BUSINESS_NOT_VERIFIED, startGraphSimulator } from '../support/simulator';
import { IDS, steadyScenario } from './support/default-scenario';
import { launchExtensionBrowser } from './support/browser';
import { driveExtension } from './support/extension';
import { registerRequests, extensionEnvironment } from './support/environment';

const { healthy: HEALTHY, stuckNoPin: STUCK_NO_PIN, stuckReview: NAME_REVIEW, stuckPin: STUCK_PIN, banned: BANNED, flagged: FLAGGED } = IDS;

interface StoredNumber {
  health: string;
  decision: string;
  stale: boolean;
}

describe('health engine in the real extension (e2e)', () => {
  // The name review only moves when the test says so, and pages hold 2 items,
  // so discovery and the phone_numbers edge must follow paging.next.
  const { sim, ext, browser } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: steadyScenario(), maxPageSize: 2 }),
    launch: launchExtensionBrowser,
    drive: driveExtension,
  });

  const registerCalls = (id: string) => registerRequests(sim, id).length;
  const numbers = () => ext.storage<Record<string, StoredNumber>>('numbers');
  const health = async (id: string) => (await numbers())?.[id]?.health;

  it('saves a token, discovers every WABA and number through paging, and the first sweep classifies them', async () => {
    await ext.page
      .locator('input')
      .and(ext.page.getByLabel('Access token', { exact: true }))
      .fill(sim.tokens.valid);
    await ext.page.getByRole('button', { name: 'Save token' }).click();
    await expect.poll(async () => Object.keys((await numbers()) ?? {}).length, { timeout: 20_000 }).toBe(10);
    await expect.poll(() => health(FLAGGED), { timeout: 10_000 }).toBe('attention');

    const all = await numbers();
    expect(all[HEALTHY]?.health).toBe('healthy');
    expect(all[BANNED]?.health).toBe('blocked');
    expect(all[NAME_REVIEW]).toMatchObject({ health: 'stuck', decision: 'register' });
    expect(all[STUCK_PIN]).toMatchObject({ health: 'stuck', decision: 'register' });
    // Paging was followed (cursor in the query) and the token never travelled in a URL.
    expect(sim.requests.some((r) => 'after' in r.query)).toBe(true);
    expect(sim.requests.every((r) => r.auth === 'bearer' && !r.url.includes(sim.tokens.valid))).toBe(true);
  });

  it('registers the stuck number without a PIN automatically, and it is healthy on a later sweep', async () => {
    await expect.poll(() => registerCalls(STUCK_NO_PIN), { timeout: 15_000 }).toBe(1);
    const pins = await ext.storage<Record<string, { pin: string; source: string }>>('pins');
    expect(pins[STUCK_NO_PIN]).toMatchObject({ source: 'generated' });
    expect(pins[STUCK_NO_PIN]?.pin).toMatch(/^\d{6}$/);
    // PIN-protected, no PIN known: automatic retry skips it with "PIN needed".
    const skipped = async () => (await ext.storage<Record<string, { skipped?: string }>>('registrations'))?.[STUCK_PIN]?.skipped;
    await expect.poll(skipped, { timeout: 10_000 }).toBe('pin_needed');
    expect(registerCalls(STUCK_PIN)).toBe(0);

    sim.advanceTime(2_000); // past the simulated provisioning delay
    await ext.checkNow();
    expect(await health(STUCK_NO_PIN)).toBe('healthy');
    expect(registerCalls(STUCK_NO_PIN)).toBe(1);
  });

  it('tries the number under name review once, waits while the review holds, registers after approval', async () => {
    expect(registerCalls(NAME_REVIEW)).toBe(1); // answered 100/2388001
    const regs = await ext.storage<Record<string, { attempts: Array<{ code?: number; subcode?: number }> }>>('registrations');
    expect(regs[NAME_REVIEW]?.attempts[0]).toMatchObject({ code: 100, subcode: 2388001 });

    await ext.checkNow();
    await ext.checkNow();
    expect(registerCalls(NAME_REVIEW)).toBe(1);

    sim.approveDisplayName(NAME_REVIEW);
    await ext.checkNow(); // reads APPROVED, then registers
    expect(registerCalls(NAME_REVIEW)).toBe(2);
    sim.advanceTime(2_000);
    await ext.checkNow();
    expect(await health(NAME_REVIEW)).toBe('healthy');
  });

  it('raised the promised notifications, once each, with the phone-number id in their id', async () => {
    const ids = await ext.notificationIds();
    for (const id of [STUCK_NO_PIN, NAME_REVIEW, STUCK_PIN]) {
      expect(ids.filter((n) => n === `waba-health:state:stuck:${id}`)).toHaveLength(1);
    }
    expect(ids).toContain(`waba-health:state:blocked:${BANNED}`);
    expect(ids.filter((n) => n.startsWith(`waba-health:registered:${STUCK_NO_PIN}:`))).toHaveLength(1);
    expect(ids.filter((n) => n.startsWith(`waba-health:registered:${NAME_REVIEW}:`))).toHaveLength(1);
    expect(ids.some((n) => n.includes(HEALTHY) || n.includes(FLAGGED))).toBe(false);
  });

  it('shows the number of stuck + blocked numbers on the toolbar badge', async () => {
    // Left: the PIN-protected stuck number and the banned one.
    expect(await ext.badgeText()).toBe('2');
  });

  it('flags a WABA whose last app unsubscribed from its webhooks (data-webhooks="none"), one with an app "ok"', async () => {
    sim.setSubscribedApps(IDS.wabaSupport, []);
    const before = sim.requests.length;
    await ext.checkNow();
    // Read in the sweep's batch: no call of its own.
    expect(sim.requests.slice(before).every((r) => !r.path.includes('subscribed_apps'))).toBe(true);
    const popup = await browser.openExtensionPage('popup.html');
    const group = (id: string) => popup.locator(`[data-waba-id="${id}"]`);
    await expect.poll(() => group(IDS.wabaSupport).getAttribute('data-webhooks'), { timeout: 10_000 }).toBe('none');
    expect(await group(IDS.wabaSupport).textContent()).toContain("No app receives this account's messages");
    expect(await group(IDS.wabaSales).getAttribute('data-webhooks')).toBe('ok');
    await popup.close();
  });

  it('a portfolio whose BUSINESS entity is LIMITED (141010) shows the code once, on its group; its numbers stay listed', async () => {
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    await ext.checkNow();
    const popup = await browser.openExtensionPage('popup.html');
    const portfolio = popup.locator(`[data-business-id="${IDS.business}"]`);
    const problem = portfolio.locator('[data-entity-type="BUSINESS"]');
    await expect.poll(() => problem.getAttribute('data-error-codes'), { timeout: 10_000 }).toBe('141010');
    expect(await portfolio.getAttribute('data-health')).not.toBe('healthy');
    // Once in the whole popup, though every number of the portfolio reports it.
    expect((await popup.locator('main').textContent())?.match(/141010/g)).toHaveLength(1);
    const card = popup.locator(`[data-phone-number-id="${HEALTHY}"]`);
    expect(await card.textContent()).toContain('Limited by its business portfolio');
    expect(await popup.locator('[data-phone-number-id]').count()).toBeGreaterThanOrEqual(5);
    // One notification for the portfolio, none per number.
    const ids = await ext.notificationIds();
    expect(ids.filter((id) => id.startsWith(`waba-health:entity:BUSINESS:${IDS.business}:`))).toHaveLength(1);
    await popup.close();
    sim.setBusinessHealth(IDS.business, null);
    await ext.checkNow();
    expect(await health(HEALTHY)).toBe('healthy');
  });

  it("a quality flip GREEN -> YELLOW appears in the number's timeline after the next sweep", async () => {
    sim.scheduleFlip(HEALTHY, 60_000, { quality_rating: 'YELLOW' });
    await ext.checkNow();
    expect(await health(HEALTHY)).toBe('healthy');
    sim.advanceTime(61_000);
    await ext.checkNow();
    const popup = await browser.openExtensionPage('popup.html');
    await popup.locator(`[data-phone-number-id="${HEALTHY}"]`).getByRole('button', { name: 'Details' }).click();
    const dialog = popup.getByRole('dialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Quality: High quality → Medium quality, ');
    const chart = dialog.getByRole('img', { name: /Quality and health over the last 30 days: quality now Medium quality/ });
    expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    await chart.scrollIntoViewIfNeeded();
    await popup.screenshot({ path: 'tests/e2e/artifacts/timeline-details.png' });
    await popup.close();
    sim.setPhoneField(HEALTHY, 'quality_rating', 'GREEN');
    await ext.checkNow();
    expect(await health(HEALTHY)).toBe('healthy');
  });

  it('a 190 marks the token invalid, notifies once and stops all calls', async () => {
    sim.invalidateToken(sim.tokens.valid);
    await ext.checkNow();
    await expect.poll(async () => (await ext.storage<{ state: string }>('tokenStatus')).state).toBe('invalid');
    expect((await ext.notificationIds()).filter((n) => n === 'waba-health:token:invalid')).toHaveLength(1);

    sim.clearLog();
    expect(await ext.checkNow()).toMatchObject({ status: 'skipped', reason: 'token_invalid' });
    const reply = await ext.send<{ status: string }>({ type: 'completeRegistration', phoneId: STUCK_PIN, pin: '246810' });
    expect(reply.data?.status).toBe('refused');
    expect(sim.requests).toHaveLength(0);
    // Data is never erased by an error.
    expect(await health(HEALTHY)).toBe('healthy');
  });
});
